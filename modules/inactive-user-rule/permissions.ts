import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { PolicyStatement } from '../common/iam-policy';

/**
 * Exactly the API actions handlers/inactive-user-rule calls, each scoped as far as the action
 * allows. `__tests__/modules/least-privilege.test.ts` derives the calls from the handler source and
 * fails when this list grants fewer or more.
 */
export function inactiveUserRuleStatements(environment: AwsEnvironment): PolicyStatement[] {
  return [
    {
      // The periodic sweep: one credential report, and every user with its id and tags in pages
      // of 1,000 (ListUsers returns no tags). All three are wildcard-only in IAM.
      sid: 'ReadCredentialReportAndUsers',
      actions: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:GetAccountAuthorizationDetails'],
      resources: ['*'],
    },
    {
      // A change to one user: its password's and access keys' last use, read directly.
      sid: 'ReadOneUsersCredentialUse',
      actions: ['iam:GetUser', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'],
      resources: [arnFor(environment, 'iam', 'user/*', { global: true })],
    },
    {
      // Both are wildcard-only in IAM. The history call fetches an oversized configuration item.
      sid: 'ReportEvaluationsAndReadOversizedItems',
      actions: ['config:PutEvaluations', 'config:GetResourceConfigHistory'],
      resources: ['*'],
    },
    {
      // Users reported NON_COMPLIANT before and deleted since become NOT_APPLICABLE. A rule's ARN
      // ends in an id Config assigns, so the account's rules in this region.
      sid: 'FindPreviouslyNonCompliantUsers',
      actions: ['config:GetComplianceDetailsByConfigRule'],
      resources: [arnFor(environment, 'config', 'config-rule/*')],
    },
  ];
}
