/**
 * The CloudTrail calls that silence the guards without touching their functions, roles or rules:
 * alarms disabled or deleted, failure queues purged, the log filters that feed the quarantine and
 * the alarms deleted, the CloudWatch agent configuration rewritten, the Config recorder and rules replaced, a function's failure destination
 * redirected, a subscription added to the guards' topic, GuardDuty findings archived by a filter or
 * the detector changed, and archived events replayed into the guard rules. One pure list, read by
 * the standalone tamper alert (tamper-alert.ts), the hub's tamper patterns and the service control
 * policies, so that an alert and a deny cannot drift apart.
 */

/** One service's calls, and where its CloudTrail record names the guard resource (matched by the guards' prefix). */
export interface GuardSilencingCalls {
  readonly eventSource: string;
  readonly eventNames: readonly string[];
  /**
   * The request parameter that names the resource and how: `name` (the guards' name prefix),
   * `url` (a queue URL ending in it), `arn` (an ARN whose resource part starts with it). None: every
   * call counts (an account's one recorder, its GuardDuty detector and filters, replays).
   */
  readonly resource?: { readonly parameter: string; readonly form: 'name' | 'url' | 'arn' };
  /** The IAM actions the service control policies deny for these calls. */
  readonly actions: readonly string[];
}

export const guardSilencingCalls: readonly GuardSilencingCalls[] = [
  {
    eventSource: 'monitoring.amazonaws.com',
    eventNames: ['DisableAlarmActions', 'DeleteAlarms'],
    resource: { parameter: 'alarmNames', form: 'name' },
    actions: ['cloudwatch:DisableAlarmActions', 'cloudwatch:DeleteAlarms'],
  },
  {
    eventSource: 'sqs.amazonaws.com',
    eventNames: ['PurgeQueue', 'DeleteQueue', 'SetQueueAttributes'],
    resource: { parameter: 'queueUrl', form: 'url' },
    actions: ['sqs:PurgeQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes'],
  },
  {
    eventSource: 'logs.amazonaws.com',
    eventNames: ['DeleteSubscriptionFilter', 'DeleteMetricFilter', 'PutSubscriptionFilter', 'PutMetricFilter'],
    resource: { parameter: 'filterName', form: 'name' },
    actions: ['logs:DeleteSubscriptionFilter', 'logs:DeleteMetricFilter', 'logs:PutSubscriptionFilter', 'logs:PutMetricFilter'],
  },
  {
    // The CloudWatch agent configuration (instance-quarantine's agentSetup) says which files are collected.
    eventSource: 'ssm.amazonaws.com',
    eventNames: ['PutParameter', 'DeleteParameter', 'LabelParameterVersion'],
    resource: { parameter: 'name', form: 'name' },
    actions: ['ssm:PutParameter', 'ssm:DeleteParameter', 'ssm:LabelParameterVersion'],
  },
  {
    // Lambda records its API version in the name (PutFunctionEventInvokeConfig20190925): matched by prefix.
    eventSource: 'lambda.amazonaws.com',
    eventNames: ['PutFunctionEventInvokeConfig', 'UpdateFunctionEventInvokeConfig', 'DeleteFunctionEventInvokeConfig'],
    resource: { parameter: 'functionName', form: 'arn' },
    actions: ['lambda:PutFunctionEventInvokeConfig', 'lambda:UpdateFunctionEventInvokeConfig', 'lambda:DeleteFunctionEventInvokeConfig'],
  },
  {
    // A new subscriber reads every alert; the guards' addresses are Terraform's.
    eventSource: 'sns.amazonaws.com',
    eventNames: ['Subscribe'],
    resource: { parameter: 'topicArn', form: 'arn' },
    actions: ['sns:Subscribe'],
  },
  {
    eventSource: 'config.amazonaws.com',
    eventNames: ['PutConfigurationRecorder', 'PutConfigRule'],
    actions: ['config:PutConfigurationRecorder', 'config:PutConfigRule'],
  },
  {
    // An archive filter hides findings from the quarantine trigger; a changed detector stops them.
    eventSource: 'guardduty.amazonaws.com',
    eventNames: ['CreateFilter', 'UpdateFilter', 'UpdateDetector', 'DeleteDetector', 'DisassociateFromMasterAccount', 'DisassociateFromAdministratorAccount'],
    actions: [
      'guardduty:CreateFilter',
      'guardduty:UpdateFilter',
      'guardduty:UpdateDetector',
      'guardduty:DeleteDetector',
      'guardduty:DisassociateFromMasterAccount',
      'guardduty:DisassociateFromAdministratorAccount',
    ],
  },
  {
    // A replay re-sends archived events into the rules: old findings and alarms would act again.
    eventSource: 'events.amazonaws.com',
    eventNames: ['StartReplay'],
    actions: ['events:StartReplay'],
  },
];

/** EventBridge's `source` of a CloudTrail event source (`monitoring.amazonaws.com` is `aws.cloudwatch`). */
export function eventBridgeSource(eventSource: string): string {
  return eventSource === 'monitoring.amazonaws.com' ? 'aws.cloudwatch' : `aws.${eventSource.replace('.amazonaws.com', '')}`;
}

/** The EventBridge `detail` pattern of one service's calls on resources named `<namePrefix>-...`. */
export function guardSilencingDetail(calls: GuardSilencingCalls, namePrefix: string): Record<string, unknown> {
  const byPrefix = calls.eventSource === 'lambda.amazonaws.com';
  const eventName = byPrefix ? calls.eventNames.map((name) => ({ prefix: name })) : [...calls.eventNames];
  if (!calls.resource) return { eventSource: [calls.eventSource], eventName };
  const guardNamed = {
    name: [{ prefix: `${namePrefix}-` }],
    url: [{ wildcard: `*/${namePrefix}-*` }],
    // A name, a partial ARN or an ARN: each form of the guards' resources.
    arn: [{ prefix: `${namePrefix}-` }, { wildcard: `*:${namePrefix}-*` }],
  }[calls.resource.form];
  return { eventSource: [calls.eventSource], eventName, requestParameters: { [calls.resource.parameter]: guardNamed } };
}
