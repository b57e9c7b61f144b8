import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { AlertTopic } from './alert-topic';
import { AwsEnvironment, partitionOf } from './aws-environment';
import { GuardsKey } from './guards-key';

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
  ];
  return calls.map((call) => ({ group: groupOf[String((call.eventSource as string[])[0])], call }));
}

/**
 * EventBridge allows 2,048 characters per event pattern (the default quota): the calls are split
 * over three rules by service, each well under it with the longest name prefix and region.
 */
export const tamperGroups = ['functions', 'roles-and-rules', 'topic-key-trail'] as const;
export type TamperGroup = (typeof tamperGroups)[number];

const groupOf: Readonly<Record<string, TamperGroup>> = {
  'lambda.amazonaws.com': 'functions',
  'iam.amazonaws.com': 'roles-and-rules',
  'events.amazonaws.com': 'roles-and-rules',
  'sns.amazonaws.com': 'topic-key-trail',
  'kms.amazonaws.com': 'topic-key-trail',
  'cloudtrail.amazonaws.com': 'topic-key-trail',
  'config.amazonaws.com': 'topic-key-trail',
};

/** EventBridge's default limit on an event pattern's size, in characters. */
export const eventPatternLimit = 2048;

/** The event pattern of each group: the calls of its services, successful, in this account. */
export function tamperEventPatterns(environment: AwsEnvironment, namePrefix: string, keyArn: string): Record<TamperGroup, Record<string, unknown>> {
  const calls = tamperCalls(environment, namePrefix, keyArn);
  const patternOf = (group: TamperGroup): Record<string, unknown> => {
    const mine = calls.filter((candidate) => candidate.group === group).map((candidate) => candidate.call);
    const sources = [...new Set(mine.map((call) => `aws.${String((call.eventSource as string[])[0]).replace('.amazonaws.com', '')}`))];
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
      const ruleName = `${namePrefix}-tamper-${group}`;
      const rule = new CloudwatchEventRule(this, `rule-${group}`, {
        name: ruleName,
        description: `Changes to the security guards' own resources (${group.replace(/-/g, ' ')}): each is an alert`,
        eventPattern: JSON.stringify(patterns[group]),
      });
      this.rules.push(rule);
      this.alertOnMatch(group, rule, alertTopic);
      alertTopic.allowEventRule(ruleName);
    }
    props.key.allowEventBridgeToEncryptTopic();

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
  private alertOnMatch(group: TamperGroup, rule: CloudwatchEventRule, alertTopic: AlertTopic): void {
    new CloudwatchEventTarget(this, `target-${group}`, {
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
        },
        inputTemplate:
          '"GUARD TAMPERING: <who> called <call> (<service>) on a security guard resource in account <account>, <region>, at <time> from <ip>. CloudTrail event <eventId>. If this was not a planned deploy, the guards may be disarmed: check the change now."',
      },
    });
  }
}
