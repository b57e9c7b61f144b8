import { Construct } from 'constructs';
import { hubMemberDirectoryBucketPrefix } from './hub-names';
import {
  GuardsServiceControlPolicy,
  TamperProtectionOptions,
  accountWideFences,
  guardFunctionAndRoleActions,
  guardKeyStatement,
  guardRuleActions,
  guardTagWriteStatement,
  notExemptCondition,
  quarantineMetricNamespace,
  silencingActions,
  sizedServiceControlPolicyJson,
} from './tamper-protection-policy';

/**
 * The service control policy of the hub account, beside the members' (tamper-protection-policy.ts):
 * the hub runs every guard function of the organization, so a hub principal with ordinary write
 * rights (PowerUserAccess) must not change what they run or whom they alert. It denies, for every
 * principal but the guard roles (`<prefix>-*`) and the exempt principals (the deployer, break-glass):
 * the functions (code, configuration with its layers and `NODE_OPTIONS`, event invoke config and
 * concurrency, permissions), the rules and targets on the default and the hub buses, the bus
 * permissions, the topic and its subscriptions, the key, the quarantine state table and its
 * resource policy (items stay governed by that policy: the release approvers write approvals), the
 * signer profile, the member directory (its objects and its bucket), the failure queues, the guards' alarms (`SetAlarmState` included) and metric data
 * in the quarantine's namespace, the organization Config rules, GuardDuty filters and detector, and
 * replays. Pure: tests simulate it.
 */
export function hubProtectionPolicy(options: TamperProtectionOptions): Record<string, unknown> {
  const prefix = options.namePrefix;
  const notExempt = notExemptCondition(prefix, options.exemptPrincipalArns);
  // Signer profile names allow letters, digits and underscores only (artifacts-stack.ts).
  const signerPrefix = prefix.replace(/-/g, '_');
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyHubGuardChanges',
        Effect: 'Deny',
        Action: [
          ...guardFunctionAndRoleActions(),
          ...guardRuleActions,
          'events:DeleteEventBus',
          'events:UpdateEventBus',
          'sns:DeleteTopic',
          'sns:SetTopicAttributes',
          'sns:AddPermission',
          'sns:RemovePermission',
          ...silencingActions('sns'),
          'dynamodb:DeleteTable',
          'dynamodb:UpdateTable',
          'dynamodb:PutResourcePolicy',
          'dynamodb:DeleteResourcePolicy',
          'dynamodb:UpdateTimeToLive',
          ...silencingActions('sqs'),
          ...silencingActions('cloudwatch'),
          'cloudwatch:SetAlarmState',
          'cloudwatch:PutMetricAlarm',
          'signer:StartSigningJob',
          'signer:CancelSigningProfile',
          'signer:RevokeSigningProfile',
          'signer:AddProfilePermission',
          'signer:RemoveProfilePermission',
          // The member directory (which accounts the hub serves). The functions read the version
          // Terraform wrote, so a new object version changes nothing they do: what matters is
          // removing that version (directly, by a lifecycle rule, or after lifting the bucket
          // policy that fences writes), which stops the hub (it fails closed, and alarms). The
          // bucket policy denies every other write; the SCP's 5,120 characters hold these.
          's3:PutObject',
          's3:DeleteObject',
          's3:DeleteObjectVersion',
          's3:PutBucketPolicy',
          's3:DeleteBucketPolicy',
          's3:PutBucketVersioning',
          's3:PutLifecycleConfiguration',
          's3:DeleteBucket',
        ],
        Resource: [
          `arn:*:lambda:*:*:function:${prefix}-*`,
          `arn:*:iam::*:role/${prefix}-*`,
          `arn:*:events:*:*:rule/${prefix}-*`,
          `arn:*:events:*:*:event-bus/${prefix}-*`,
          'arn:*:events:*:*:event-bus/default',
          `arn:*:sns:*:*:${prefix}-*`,
          `arn:*:dynamodb:*:*:table/${prefix}-*`,
          `arn:*:sqs:*:*:${prefix}-*`,
          `arn:*:cloudwatch:*:*:alarm:${prefix}-*`,
          `arn:*:signer:*:*:/signing-profiles/${signerPrefix}*`,
          `arn:*:s3:::${hubMemberDirectoryBucketPrefix(prefix)}*`,
        ],
        Condition: notExempt,
      },
      {
        // The rules on the hub bus: `rule/<bus>/<rule>`.
        Sid: 'DenyHubBusRuleChanges',
        Effect: 'Deny',
        Action: guardRuleActions,
        Resource: `arn:*:events:*:*:rule/${prefix}-*/*`,
        Condition: notExempt,
      },
      {
        // Actions IAM authorizes on `*` only: the bus permissions (PutPermission writes the bus
        // policy), subscription changes, signer profiles and signatures, and the organization Config
        // rules, which run the hub's functions in every member. The hub account is the guards' own.
        Sid: 'DenyHubAccountWideChanges',
        Effect: 'Deny',
        Action: [
          'events:PutPermission',
          'events:RemovePermission',
          'sns:SetSubscriptionAttributes',
          'sns:Unsubscribe',
          'signer:PutSigningProfile',
          'signer:RevokeSignature',
          'config:PutOrganizationConfigRule',
          'config:DeleteOrganizationConfigRule',
        ],
        Resource: '*',
        Condition: notExempt,
      },
      guardKeyStatement(notExempt, prefix),
      ...accountWideFences(notExempt, options.metricNamespaces ?? [quarantineMetricNamespace]),
      guardTagWriteStatement(notExempt),
    ],
  };
}

export function hubProtectionPolicyJson(options: TamperProtectionOptions): string {
  return sizedServiceControlPolicyJson('hub-protection', hubProtectionPolicy(options));
}

export interface HubProtectionServiceControlPolicyProps extends TamperProtectionOptions {
  /** The hub account (or its organizational unit). */
  readonly targetIds: readonly string[];
}

/** The hub-protection policy in AWS Organizations, attached to the hub (made by the management account's stack). */
export class HubProtectionServiceControlPolicy extends GuardsServiceControlPolicy {
  constructor(scope: Construct, id: string, props: HubProtectionServiceControlPolicyProps) {
    super(scope, id, {
      name: `${props.namePrefix}-hub-protection`,
      description: "Only the deployer and the guard roles may change the hub's guard functions, rules, buses, topic, key, table and signer profile",
      content: hubProtectionPolicyJson(props),
      targetIds: props.targetIds,
    });
  }
}
