import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** A user's console password changed by someone (the user's own change is `ChangePassword`). */
export const loginProfileUpdate = defineDetection({
  id: 'login-profile-update',
  title: 'Console password of a user changed',
  why: "Setting another user's password takes over that user in the console.",
  scope: 'global',
  eventSource: 'iam.amazonaws.com',
  eventNames: ['UpdateLoginProfile'],
  cis: [],
  stratus: ['aws.privilege-escalation.iam-update-user-login-profile'],
  severity: 'high',
  describe: (record) => resourceFacts(record, 'IAM user', ['userName']),
});
