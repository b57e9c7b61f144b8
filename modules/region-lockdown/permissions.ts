import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { PolicyStatement } from '../common/iam-policy';

/**
 * Exactly the API actions handlers/region-lockdown calls, each scoped as far as the action allows.
 * `__tests__/modules/least-privilege.test.ts` derives the calls from the handler source and fails
 * when this list grants fewer or more.
 */
export function regionLockdownStatements(environment: AwsEnvironment, alertTopicArn: string): PolicyStatement[] {
  const anyUser = arnFor(environment, 'iam', 'user/*', { global: true });
  return [
    {
      // Wildcard-only in IAM. One call returns a page of up to 1,000 users with their tags and
      // inline policies: the reconciliation's whole read.
      sid: 'ListUsersWithTheirInlinePolicies',
      actions: ['iam:GetAccountAuthorizationDetails'],
      resources: ['*'],
    },
    {
      sid: 'ReadOneUserAndItsDeny',
      actions: ['iam:GetUser', 'iam:GetUserPolicy'],
      resources: [anyUser],
    },
    {
      // Users only (never roles or groups). IAM has no condition key on an inline policy's name or
      // content, so the function could put any inline policy on any user: its code is the guard's
      // whole trust boundary (see README, "IAM permissions").
      sid: 'PutRegionDenyOnUsers',
      actions: ['iam:PutUserPolicy'],
      resources: [anyUser],
    },
    {
      sid: 'NotifyAlertTopic',
      actions: ['sns:Publish'],
      resources: [alertTopicArn],
    },
  ];
}
