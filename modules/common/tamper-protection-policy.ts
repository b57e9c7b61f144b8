import { Construct } from 'constructs';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { guardSilencingCalls } from './tamper-events';

/** AWS Organizations: at most 5,120 characters per service control policy. */
const serviceControlPolicyLimit = 5120;

/** The instance-quarantine's metric namespace (its settings' default): only its metric filters write it. */
export const quarantineMetricNamespace = 'SecurityGuards/InstanceQuarantine';

/** Changes to a guard function (its code, configuration with layers and NODE_OPTIONS, permissions, concurrency) and role. */
export function guardFunctionAndRoleActions(): string[] {
  return [
    'lambda:UpdateFunctionCode',
    'lambda:UpdateFunctionConfiguration',
    'lambda:AddPermission',
    'lambda:RemovePermission',
    'lambda:DeleteFunction',
    'lambda:PutFunctionConcurrency',
    'lambda:DeleteFunctionConcurrency',
    'lambda:PutFunctionCodeSigningConfig',
    'lambda:DeleteFunctionCodeSigningConfig',
    ...silencingActions('lambda'),
    // CreateRole: a role named like a guard role would be exempt from the policy (its condition).
    'iam:CreateRole',
    'iam:PutRolePolicy',
    'iam:DeleteRolePolicy',
    'iam:AttachRolePolicy',
    'iam:DetachRolePolicy',
    'iam:UpdateAssumeRolePolicy',
    'iam:DeleteRole',
    'iam:PutRolePermissionsBoundary',
    'iam:DeleteRolePermissionsBoundary',
  ];
}

/** Changes to a guard rule and its targets. */
export const guardRuleActions = ['events:DisableRule', 'events:DeleteRule', 'events:PutRule', 'events:RemoveTargets', 'events:PutTargets'];

/** The silencing actions of tamper-events.ts on one service, for the SCP statements. */
export function silencingActions(service: string): string[] {
  return guardSilencingCalls.flatMap((calls) => calls.actions).filter((action) => action.startsWith(`${service}:`));
}

/**
 * The account-wide fences both SCPs hold: GuardDuty filters and detector, EventBridge replays,
 * metric data in the quarantine's namespace (a forged data point puts a quarantine alarm in ALARM;
 * `cloudwatch:namespace`), each for every principal but the exempt ones.
 */
export function accountWideFences(notExempt: Record<string, unknown>, metricNamespaces: readonly string[]): Record<string, unknown>[] {
  return [
    {
      Sid: 'DenyFindingAndReplayChanges',
      Effect: 'Deny',
      Action: [
        ...silencingActions('guardduty'),
        ...silencingActions('events'),
        'config:PutConfigurationRecorder',
        'config:StopConfigurationRecorder',
        'config:DeleteConfigurationRecorder',
        'config:DeleteDeliveryChannel',
      ],
      Resource: '*',
      Condition: notExempt,
    },
    {
      Sid: 'DenyQuarantineMetricData',
      Effect: 'Deny',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { ...notExempt, StringEquals: { 'cloudwatch:namespace': [...metricNamespaces] } },
    },
  ];
}

export interface TamperProtectionOptions {
  readonly namePrefix: string;
  /** Principals still allowed to change the guards: the deployer roles, break-glass (wildcards allowed). */
  readonly exemptPrincipalArns: readonly string[];
  /** Metric namespaces only the guards' metric filters write. @default [quarantineMetricNamespace] */
  readonly metricNamespaces?: readonly string[];
  /**
   * Log groups whose metric filters feed guard alarms and whose names the guards do not choose
   * (instance-quarantine's `alarmInstances[].logGroupName`, cis-alarms' `trailLogGroupName`). The
   * guards' own (`/<prefix>/*`, `<prefix>-*`) are always covered. @default []
   */
  readonly metricFilterLogGroupNames?: readonly string[];
}

/**
 * Metric filters feeding guard alarms: a changed or deleted filter silences an alarm, a new one on
 * the log group forges its metric. logs:PutMetricFilter and DeleteMetricFilter have the log group as
 * their only resource and no condition key (Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatchlogs.html),
 * so the log groups are named.
 */
export function guardMetricFilterStatement(notExempt: Record<string, unknown>, prefix: string, logGroupNames: readonly string[]): Record<string, unknown> {
  return {
    Sid: 'DenyGuardMetricFilterChanges',
    Effect: 'Deny',
    Action: ['logs:PutMetricFilter', 'logs:DeleteMetricFilter'],
    Resource: [`/${prefix}/*`, `${prefix}-*`, ...logGroupNames].map((name) => `arn:*:logs:*:*:log-group:${name}`),
    Condition: notExempt,
  };
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
  const notExempt = notExemptCondition(prefix, options.exemptPrincipalArns);
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyGuardResourceChanges',
        Effect: 'Deny',
        Action: [
          ...guardFunctionAndRoleActions(),
          'iam:CreatePolicyVersion',
          'iam:SetDefaultPolicyVersion',
          'iam:DeletePolicyVersion',
          'iam:DeletePolicy',
          ...guardRuleActions,
          'sns:DeleteTopic',
          'sns:SetTopicAttributes',
          'sns:RemovePermission',
          ...silencingActions('sns'),
          // A forged state change of a guard alarm triggers or silences it.
          ...silencingActions('cloudwatch'),
          'cloudwatch:SetAlarmState',
          'cloudwatch:PutMetricAlarm',
          ...silencingActions('sqs'),
          'cloudtrail:StopLogging',
          'cloudtrail:DeleteTrail',
          'cloudtrail:UpdateTrail',
          'cloudtrail:PutEventSelectors',
          ...silencingActions('ssm'),
        ],
        Resource: [
          `arn:*:lambda:*:*:function:${prefix}-*`,
          `arn:*:iam::*:role/${prefix}-*`,
          `arn:*:iam::*:policy/${prefix}-*`,
          `arn:*:events:*:*:rule/${prefix}-*`,
          `arn:*:sns:*:*:${prefix}-*`,
          `arn:*:cloudtrail:*:*:trail/${prefix}-*`,
          `arn:*:cloudwatch:*:*:alarm:${prefix}-*`,
          `arn:*:sqs:*:*:${prefix}-*`,
          // The CloudWatch agent configuration (instance-quarantine's agentSetup): it says which files are collected.
          `arn:*:ssm:*:*:parameter/${prefix}-*`,
        ],
        Condition: notExempt,
      },
      ...accountWideFences(notExempt, options.metricNamespaces ?? [quarantineMetricNamespace]),
      guardMetricFilterStatement(notExempt, prefix, options.metricFilterLogGroupNames ?? []),
      guardKeyStatement(notExempt, prefix),
      guardTagWriteStatement(notExempt),
    ],
  };
}

/**
 * Tags the guards read or write (exemptions, records, `guards:managed-by` on the groups and alarms
 * they act on): only the guards and the exempt principals write them. The quarantine acts only on
 * alarms tagged `guards:managed-by=instance-quarantine`, so CloudWatch's tag writes are fenced too.
 */
export function guardTagWriteStatement(notExempt: Record<string, unknown>): Record<string, unknown> {
  return {
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
      'cloudwatch:TagResource',
      'cloudwatch:UntagResource',
      'tag:TagResources',
      'tag:UntagResources',
    ],
    Resource: '*',
    Condition: { ...notExempt, 'ForAnyValue:StringLike': { 'aws:TagKeys': ['guards:*'] } },
  };
}

/** The stack key has no name in its ARN: its alias names it. */
export function guardKeyStatement(notExempt: Record<string, unknown>, prefix: string): Record<string, unknown> {
  return {
    Sid: 'DenyGuardKeyChanges',
    Effect: 'Deny',
    Action: ['kms:DisableKey', 'kms:ScheduleKeyDeletion', 'kms:PutKeyPolicy', 'kms:DeleteAlias', 'kms:UpdateAlias', 'kms:CreateGrant'],
    Resource: '*',
    Condition: { ...notExempt, 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': [`alias/${prefix}`] } },
  };
}

/** Everyone but the guard roles (`<prefix>-*`) and the exempt principals. */
export function notExemptCondition(prefix: string, exemptPrincipalArns: readonly string[]): Record<string, unknown> {
  return { ArnNotLike: { 'aws:PrincipalARN': [`arn:*:iam::*:role/${prefix}-*`, ...exemptPrincipalArns] } };
}

/** A service control policy as JSON text, refused past AWS Organizations' 5,120 characters. */
export function sizedServiceControlPolicyJson(what: string, policy: Record<string, unknown>): string {
  const json = JSON.stringify(policy);
  if (json.length > serviceControlPolicyLimit) {
    throw new Error(
      `the guards' ${what} service control policy is ${json.length} characters, but AWS Organizations allows at most ${serviceControlPolicyLimit}; exempt fewer principals`,
    );
  }
  return json;
}

export function tamperProtectionPolicyJson(options: TamperProtectionOptions): string {
  return sizedServiceControlPolicyJson('tamper-protection', tamperProtectionPolicy(options));
}

/** A service control policy of the guards in AWS Organizations, attached to each target. */
export class GuardsServiceControlPolicy extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(
    scope: Construct,
    id: string,
    props: { readonly name: string; readonly description: string; readonly content: string; readonly targetIds: readonly string[] },
  ) {
    super(scope, id);
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: props.name,
      description: props.description,
      type: 'SERVICE_CONTROL_POLICY',
      content: props.content,
    });
    for (const targetId of props.targetIds) {
      new OrganizationsPolicyAttachment(this, `attachment-${targetId}`, { policyId: this.policy.id, targetId });
    }
  }
}

export interface TamperProtectionServiceControlPolicyProps extends TamperProtectionOptions {
  /** Organizational units and accounts the policy is attached to. */
  readonly targetIds: readonly string[];
}

/** The tamper-protection policy in AWS Organizations, attached to each target. */
export class TamperProtectionServiceControlPolicy extends GuardsServiceControlPolicy {
  constructor(scope: Construct, id: string, props: TamperProtectionServiceControlPolicyProps) {
    super(scope, id, {
      name: `${props.namePrefix}-tamper-protection`,
      description: "Only the deployer and the guard roles may change the security guards' resources or guards:* tags",
      content: tamperProtectionPolicyJson(props),
      targetIds: props.targetIds,
    });
  }
}
