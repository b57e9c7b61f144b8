import { Construct } from 'constructs';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';

/** AWS Organizations: at most 5,120 characters per service control policy. */
const serviceControlPolicyLimit = 5120;

export interface TamperProtectionOptions {
  readonly namePrefix: string;
  /** Principals still allowed to change the guards: the deployer roles, break-glass (wildcards allowed). */
  readonly exemptPrincipalArns: readonly string[];
}

/**
 * The service control policy that forbids disarming the guards: changes to their functions, roles,
 * policies, rules, alert topic, key and trail, and writes of `guards:*` tags, for every principal of
 * the targeted accounts but the guard roles themselves (`<prefix>-*`) and the exempt principals.
 * Hub mode's member resources carry the same prefix (the forwarding and tamper rules, the forwarder,
 * remediation and read-only roles, the revocation and region denies), so one policy covers both
 * modes. Only the exempt principals may create a `<prefix>-*` role: it would be exempt itself.
 * Pure: tests simulate it.
 */
export function tamperProtectionPolicy(options: TamperProtectionOptions): Record<string, unknown> {
  const prefix = options.namePrefix;
  const notExempt = { ArnNotLike: { 'aws:PrincipalARN': [`arn:*:iam::*:role/${prefix}-*`, ...options.exemptPrincipalArns] } };
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyGuardResourceChanges',
        Effect: 'Deny',
        Action: [
          'lambda:UpdateFunctionCode',
          'lambda:UpdateFunctionConfiguration',
          'lambda:AddPermission',
          'lambda:RemovePermission',
          'lambda:DeleteFunction',
          'lambda:PutFunctionConcurrency',
          'lambda:DeleteFunctionConcurrency',
          'lambda:PutFunctionCodeSigningConfig',
          'lambda:DeleteFunctionCodeSigningConfig',
          // CreateRole: a role named like a guard role would be exempt from this policy (the condition below).
          'iam:CreateRole',
          'iam:PutRolePolicy',
          'iam:DeleteRolePolicy',
          'iam:AttachRolePolicy',
          'iam:DetachRolePolicy',
          'iam:UpdateAssumeRolePolicy',
          'iam:DeleteRole',
          'iam:PutRolePermissionsBoundary',
          'iam:DeleteRolePermissionsBoundary',
          'iam:CreatePolicyVersion',
          'iam:SetDefaultPolicyVersion',
          'iam:DeletePolicyVersion',
          'iam:DeletePolicy',
          'events:DisableRule',
          'events:DeleteRule',
          'events:PutRule',
          'events:RemoveTargets',
          'events:PutTargets',
          'sns:DeleteTopic',
          'sns:SetTopicAttributes',
          'sns:RemovePermission',
          'cloudtrail:StopLogging',
          'cloudtrail:DeleteTrail',
          'cloudtrail:UpdateTrail',
          'cloudtrail:PutEventSelectors',
        ],
        Resource: [
          `arn:*:lambda:*:*:function:${prefix}-*`,
          `arn:*:iam::*:role/${prefix}-*`,
          `arn:*:iam::*:policy/${prefix}-*`,
          `arn:*:events:*:*:rule/${prefix}-*`,
          `arn:*:sns:*:*:${prefix}-*`,
          `arn:*:cloudtrail:*:*:trail/${prefix}-*`,
        ],
        Condition: notExempt,
      },
      {
        // The stack key has no name in its ARN: its alias names it.
        Sid: 'DenyGuardKeyChanges',
        Effect: 'Deny',
        Action: ['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DeleteAlias', 'kms:UpdateAlias'],
        Resource: '*',
        Condition: { ...notExempt, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [`alias/${prefix}`] } },
      },
      {
        // Tags the guards read or write (exemptions, records): only the guards and the deployer write them.
        Sid: 'DenyGuardTagWrites',
        Effect: 'Deny',
        Action: [
          'ec2:CreateTags',
          'ec2:DeleteTags',
          'iam:TagUser',
          'iam:UntagUser',
          'iam:TagRole',
          'iam:UntagRole',
          'lambda:TagResource',
          'lambda:UntagResource',
          'tag:TagResources',
          'tag:UntagResources',
        ],
        Resource: '*',
        Condition: { ...notExempt, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['guards:*'] } },
      },
    ],
  };
}

export function tamperProtectionPolicyJson(options: TamperProtectionOptions): string {
  const json = JSON.stringify(tamperProtectionPolicy(options));
  if (json.length > serviceControlPolicyLimit) {
    throw new Error(
      `the guards' tamper-protection service control policy is ${json.length} characters, but AWS Organizations allows at most ${serviceControlPolicyLimit}; exempt fewer principals`,
    );
  }
  return json;
}

export interface TamperProtectionServiceControlPolicyProps extends TamperProtectionOptions {
  /** Organizational units and accounts the policy is attached to. */
  readonly targetIds: readonly string[];
}

/** The tamper-protection policy in AWS Organizations, attached to each target. */
export class TamperProtectionServiceControlPolicy extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: TamperProtectionServiceControlPolicyProps) {
    super(scope, id);
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: `${props.namePrefix}-tamper-protection`,
      description: "Only the deployer and the guard roles may change the security guards' resources or guards:* tags",
      type: 'SERVICE_CONTROL_POLICY',
      content: tamperProtectionPolicyJson(props),
    });
    for (const targetId of props.targetIds) {
      new OrganizationsPolicyAttachment(this, `attachment-${targetId}`, { policyId: this.policy.id, targetId });
    }
  }
}
