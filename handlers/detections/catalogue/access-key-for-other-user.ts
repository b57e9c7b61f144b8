import { describeCaller } from '../../common/caller-identity';
import { defineDetection } from './detection';
import { requestText, resourceFacts } from './describe-helpers';

/** An access key created for a user other than the caller: a second, hidden way in as that user. */
export const accessKeyForOtherUser = defineDetection({
  id: 'access-key-for-other-user',
  title: 'Access key created for another user',
  why: 'A key made for someone else lets its maker act as that user, unseen by them.',
  scope: 'global',
  eventSource: 'iam.amazonaws.com',
  eventNames: ['CreateAccessKey'],
  // IAM writes userName only when the key is for a named user; a user's own key has none.
  conditions: [{ path: 'requestParameters.userName', exists: true }],
  cis: [],
  stratus: ['aws.persistence.iam-backdoor-user', 'aws.persistence.iam-create-admin-user'],
  severity: 'high',
  onlyWhenDangerous: true,
  describe: (record) => {
    const userName = requestText(record, 'userName');
    const caller = describeCaller(record.userIdentity);
    const forOther = userName !== undefined && userName !== caller.userName;
    return resourceFacts(
      record,
      'IAM user',
      ['userName'],
      forOther ? [{ marker: 'OTHER USER', reason: `${caller.description} made a key for ${userName}` }] : [],
    );
  },
});
