import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { PolicyStatement } from '../common/iam-policy';
import { ProtectedPrincipalsOptions, protectedPrincipalsDenyStatement } from '../common/protected-principals';

export interface RegionLockdownPermissionsOptions extends ProtectedPrincipalsOptions {
  readonly environment: AwsEnvironment;
  readonly alertTopicArn: string;
  /** ARNs of the Terraform-managed deny policies: the only policies the function may attach. */
  readonly denyPolicyArns: readonly string[];
}

/**
 * Exactly the API actions handlers/region-lockdown calls, each scoped as far as the action allows.
 * `__tests__/modules/least-privilege.test.ts` derives the calls from the handler source and fails
 * when this list grants fewer or more; `npm run check:escalation` proves no escalation path.
 */
export function regionLockdownStatements(options: RegionLockdownPermissionsOptions): PolicyStatement[] {
  const anyUser = arnFor(options.environment, 'iam', 'user/*', { global: true });
  return [
    {
      // Wildcard-only in IAM. One call returns a page of up to 1,000 users with their tags and
      // attached policies: the reconciliation's whole read.
      sid: 'ListUsersWithTheirPolicies',
      actions: ['iam:GetAccountAuthorizationDetails'],
      resources: ['*'],
    },
    {
      sid: 'ReadOneUserAndItsPolicies',
      actions: ['iam:GetUser', 'iam:ListAttachedUserPolicies'],
      resources: [anyUser],
    },
    {
      // Users only, and only the guard's own deny policies (iam:PolicyARN): the function can add
      // the region deny to a user and nothing else. Their content is Terraform's, not the code's.
      sid: 'AttachRegionDenyToUsers',
      actions: ['iam:AttachUserPolicy'],
      resources: [anyUser],
      conditions: { ArnEquals: { 'iam:PolicyARN': [...options.denyPolicyArns] } },
    },
    {
      sid: 'NotifyAlertTopic',
      actions: ['sns:Publish'],
      resources: [options.alertTopicArn],
    },
    protectedPrincipalsDenyStatement(options),
  ];
}
