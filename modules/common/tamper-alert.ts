import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { AlertTopic } from './alert-topic';
import { AwsEnvironment, partitionOf } from './aws-environment';
import { GuardsKey } from './guards-key';
import { eventBridgeSource, guardSilencingCalls, guardSilencingDetail } from './tamper-events';

export interface TamperAlertProps {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  readonly alertTopic: AlertTopic;
}

/**
 * The CloudTrail calls that disarm a guard, by service, each filtered to the guards' own resources
 * where the record names them. Names may be given as a name, a partial ARN or an ARN: every form is
 * matched by prefix, so that the ARN form is no way around the filter.
 */
function tamperCalls(
  environment: AwsEnvironment,
  namePrefix: string,
  keyArn: string,
): { readonly group: TamperGroup; readonly call: Record<string, unknown> }[] {
  const arn = (service: string, resource: string, global = false) =>
    `arn:${partitionOf(environment)}:${service}:${global ? '' : environment.region}:${environment.accountId}:${resource}`;
  const guardNamed = (arnPrefix: string) => [{ prefix: `${namePrefix}-` }, { prefix: `${arnPrefix}${namePrefix}-` }];
  const functionNames = [...guardNamed(arn('lambda', 'function:')), { prefix: `${environment.accountId}:function:${namePrefix}-` }];
  const calls: Record<string, unknown>[] = [
    {
      eventSource: ['lambda.amazonaws.com'],
      // CloudTrail records Lambda's API versions in the name (UpdateFunctionCode20150331v2).
      eventName: [
        'UpdateFunctionCode',
        'UpdateFunctionConfiguration',
        'AddPermission',
        'RemovePermission',
        'DeleteFunction',
        'PutFunctionConcurrency',
        'DeleteFunctionConcurrency',
      ].map((name) => ({ prefix: name })),
      requestParameters: { functionName: functionNames },
    },
    {
      eventSource: ['iam.amazonaws.com'],
      eventName: [
        'PutRolePolicy',
        'DeleteRolePolicy',
        'AttachRolePolicy',
        'DetachRolePolicy',
        'UpdateAssumeRolePolicy',
        'DeleteRole',
        'PutRolePermissionsBoundary',
        'DeleteRolePermissionsBoundary',
      ],
      requestParameters: { roleName: [{ prefix: `${namePrefix}-` }] },
    },
    {
      eventSource: ['iam.amazonaws.com'],
      eventName: ['CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicyVersion', 'DeletePolicy'],
      requestParameters: { policyArn: [{ prefix: arn('iam', `policy/${namePrefix}-`, true) }] },
    },
    {
      eventSource: ['events.amazonaws.com'],
      eventName: ['DisableRule', 'DeleteRule', 'PutRule'],
      requestParameters: { name: guardNamed(arn('events', 'rule/')) },
    },
    {
      eventSource: ['events.amazonaws.com'],
      eventName: ['RemoveTargets', 'PutTargets'],
      requestParameters: { rule: guardNamed(arn('events', 'rule/')) },
    },
    {
      eventSource: ['sns.amazonaws.com'],
      eventName: ['DeleteTopic', 'SetTopicAttributes', 'RemovePermission'],
      requestParameters: { topicArn: [{ prefix: arn('sns', `${namePrefix}-`) }] },
    },
    {
      eventSource: ['sns.amazonaws.com'],
      eventName: ['Unsubscribe'],
      requestParameters: { subscriptionArn: [{ prefix: arn('sns', `${namePrefix}-`) }] },
    },
    {
      eventSource: ['kms.amazonaws.com'],
      eventName: ['DisableKey', 'ScheduleKeyDeletion', 'PutKeyPolicy', 'CreateGrant'],
      // KMS records the key in the record's resources, whatever form the caller named it by.
      resources: { ARN: [keyArn] },
    },
    {
      eventSource: ['cloudtrail.amazonaws.com'],
      eventName: ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'],
      requestParameters: { name: guardNamed(arn('cloudtrail', 'trail/')) },
    },
    {
      eventSource: ['config.amazonaws.com'],
      eventName: ['DeleteConfigRule'],
      requestParameters: { configRuleName: [{ prefix: `${namePrefix}-` }] },
    },
    {
      // An account has one recorder per region: stopping it blinds every Config rule.
      eventSource: ['config.amazonaws.com'],
      eventName: ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'],
    },
    // Alarms, failure queues, log filters, failure destinations, subscriptions, recorder and rules, GuardDuty, replays.
    ...guardSilencingCalls.map((silencing) => guardSilencingDetail(silencing, namePrefix)),
  ];
  return calls.map((call) => ({ group: groupOf[String((call.eventSource as string[])[0])], call }));
}

/**
 * EventBridge allows 2,048 characters per event pattern (the default quota): the calls are split
 * over five rules by service, each under it with the longest name prefix and region.
 */
export const tamperGroups = ['functions', 'roles-and-rules', 'topic-key-trail', 'alarms-queues-logs', 'findings'] as const;
export type TamperGroup = (typeof tamperGroups)[number];

const groupOf: Readonly<Record<string, TamperGroup>> = {
  'lambda.amazonaws.com': 'functions',
  'iam.amazonaws.com': 'roles-and-rules',
  'events.amazonaws.com': 'roles-and-rules',
  'sns.amazonaws.com': 'topic-key-trail',
  'kms.amazonaws.com': 'topic-key-trail',
  'cloudtrail.amazonaws.com': 'topic-key-trail',
  'config.amazonaws.com': 'topic-key-trail',
  'monitoring.amazonaws.com': 'alarms-queues-logs',
  'sqs.amazonaws.com': 'alarms-queues-logs',
  'logs.amazonaws.com': 'alarms-queues-logs',
  'ssm.amazonaws.com': 'alarms-queues-logs',
  'guardduty.amazonaws.com': 'findings',
};

/** EventBridge's default limit on an event pattern's size, in characters. */
export const eventPatternLimit = 2048;

/** The event pattern of each group: the calls of its services, successful, in this account (attempts: `tamperAttemptPattern`). */
export function tamperEventPatterns(environment: AwsEnvironment, namePrefix: string, keyArn: string): Record<TamperGroup, Record<string, unknown>> {
  const calls = tamperCalls(environment, namePrefix, keyArn);
  const patternOf = (group: TamperGroup): Record<string, unknown> => {
    const mine = calls.filter((candidate) => candidate.group === group).map((candidate) => candidate.call);
    const sources = [...new Set(mine.map((call) => eventBridgeSource(String((call.eventSource as string[])[0]))))];
    return {
      source: sources,
      'detail-type': ['AWS API Call via CloudTrail'],
      account: [environment.accountId],
      // One call pattern stands as it is; several are alternatives.
      detail: { errorCode: [{ exists: false }], ...(mine.length === 1 ? mine[0] : { $or: mine }) },
    };
  };
  return Object.fromEntries(tamperGroups.map((group) => [group, patternOf(group)])) as Record<TamperGroup, Record<string, unknown>>;
}

/** The same calls refused (an `errorCode`): an attempt on a guard resource is an alert too, marked as one. */
export function tamperAttemptPattern(pattern: Record<string, unknown>): Record<string, unknown> {
  const detail = pattern.detail as Record<string, unknown>;
  return { ...pattern, detail: { ...detail, errorCode: [{ exists: true }] } };
}

/**
 * Tamper detection for one stack: a rule on the CloudTrail calls that change or disarm the guards'
 * own functions, roles, rules, topic, key, trail and Config rules, sent to the alert topic as a
 * readable line (input transformer); and an alarm on each guard rule's `FailedInvocations`, so
 * that a rule whose target was broken does not fail in silence. Call after every guard is added.
 * IAM's events reach EventBridge in us-east-1 only: role changes alert from the us-east-1 stack.
 */
export class TamperAlert extends Construct {
  readonly rules: CloudwatchEventRule[] = [];

  constructor(scope: Construct, id: string, props: TamperAlertProps) {
    super(scope, id);
    const { environment, namePrefix, alertTopic } = props;
    const patterns = tamperEventPatterns(environment, namePrefix, props.key.arn);
    for (const group of tamperGroups) {
      for (const attempt of [false, true]) {
        const ruleName = `${namePrefix}-tamper-${group}${attempt ? '-attempts' : ''}`;
        const rule = new CloudwatchEventRule(this, `rule-${group}${attempt ? '-attempts' : ''}`, {
          name: ruleName,
          description: `${attempt ? 'Refused attempts to change' : 'Changes to'} the security guards' own resources (${group.replace(/-/g, ' ')}): each is an alert`,
          eventPattern: JSON.stringify(attempt ? tamperAttemptPattern(patterns[group]) : patterns[group]),
        });
        this.rules.push(rule);
        this.alertOnMatch(`${group}${attempt ? '-attempts' : ''}`, rule, alertTopic, attempt);
        alertTopic.allowEventRule(ruleName);
      }
    }

    // Every rule of the stack, the tamper rules included.
    for (const eventRule of TerraformStack.of(this)
      .node.findAll()
      .filter((node): node is CloudwatchEventRule => node instanceof CloudwatchEventRule)) {
      const name = eventRule.nameInput;
      if (!name) continue;
      const alarmName = `${name}-failed-invocations`;
      new CloudwatchMetricAlarm(this, `failed-invocations-${name}`, {
        alarmName,
        alarmDescription: `EventBridge rule ${name} could not deliver to its target: the guard it triggers does not run.`,
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensions: { RuleName: name },
        statistic: 'Sum',
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [alertTopic.arn],
      });
      alertTopic.allowAlarm(alarmName);
    }
  }

  /** Straight to the alert topic, as one line a person reads (input transformer). */
  private alertOnMatch(id: string, rule: CloudwatchEventRule, alertTopic: AlertTopic, attempt: boolean): void {
    new CloudwatchEventTarget(this, `target-${id}`, {
      rule: rule.name,
      targetId: 'alert-topic',
      arn: alertTopic.arn,
      inputTransformer: {
        inputPaths: {
          who: '$.detail.userIdentity.arn',
          call: '$.detail.eventName',
          service: '$.detail.eventSource',
          time: '$.detail.eventTime',
          account: '$.account',
          region: '$.region',
          ip: '$.detail.sourceIPAddress',
          eventId: '$.detail.eventID',
          ...(attempt ? { errorCode: '$.detail.errorCode' } : {}),
        },
        inputTemplate: attempt
          ? '"GUARD TAMPERING ATTEMPT (refused: <errorCode>): <who> tried <call> (<service>) on a security guard resource in account <account>, <region>, at <time> from <ip>. CloudTrail event <eventId>. Someone tried to disarm the guards: find out who and why."'
          : '"GUARD TAMPERING: <who> called <call> (<service>) on a security guard resource in account <account>, <region>, at <time> from <ip>. CloudTrail event <eventId>. If this was not a planned deploy, the guards may be disarmed: check the change now."',
      },
    });
  }
}
