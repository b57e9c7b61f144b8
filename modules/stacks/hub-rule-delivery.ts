import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { AlertTopic } from '../common/alert-topic';
import { anyMatchInFiveMinutes } from '../common/any-match-alarm';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { denyInsecureTransport, resourcePolicyJson } from '../common/iam-policy';

export interface HubRuleDeliveryProps {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  /** The home region's topic; absent elsewhere (the alarms then reach it through the region's relay). */
  readonly alertTopic?: AlertTopic;
}

/** A rule whose target delivers through this construct: its name, and its bus when not the default one. */
export interface WatchedRule {
  readonly ruleName: string;
  readonly busName?: string;
}

/**
 * What the hub's EventBridge rules of one region need for an event they could not deliver: one
 * encrypted dead-letter queue (its key and queue policy let only this region's watched rules send,
 * by `aws:SourceArn`), a `FailedInvocations` alarm per rule (AWS/Events, https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html)
 * and an alarm on messages in the queue. EventBridge retries a target for 24 hours, then drops the
 * event unless the target has a dead-letter queue (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 */
export class HubRuleDelivery extends Construct {
  readonly queue: SqsQueue;
  /** The dead-letter configuration of a watched target. */
  readonly deadLetterConfig: { readonly arn: string };
  readonly alarmNames: string[] = [];
  private readonly environment: AwsEnvironment;
  private readonly props: HubRuleDeliveryProps;
  private readonly ruleArns: string[] = [];

  constructor(scope: Construct, id: string, props: HubRuleDeliveryProps) {
    super(scope, id);
    this.props = props;
    this.environment = props.environment;
    const queueName = `${props.namePrefix}-hub-rule-failures`;
    const queueArn = arnFor(props.environment, 'sqs', queueName);
    this.queue = new SqsQueue(this, 'queue', {
      name: queueName,
      kmsMasterKeyId: props.key.arn,
      kmsDataKeyReusePeriodSeconds: 3600,
      // The longest SQS allows: undelivered events wait two weeks for someone to look at them.
      messageRetentionSeconds: 1209600,
    });
    this.deadLetterConfig = { arn: this.queue.arn };
    props.key.allowEventBridgeToEncryptQueue(queueArn);
    new SqsQueuePolicy(this, 'queue-policy', {
      queueUrl: this.queue.url,
      // Lazy: the rules are watched after the queue exists.
      policy: Lazy.stringValue({
        produce: () =>
          resourcePolicyJson([
            {
              sid: 'WatchedRulesSendUndeliveredEvents',
              principal: { Service: 'events.amazonaws.com' },
              actions: ['sqs:SendMessage'],
              resources: [queueArn],
              conditions: { ArnEquals: { 'aws:SourceArn': [...this.ruleArns].sort() } },
            },
            denyInsecureTransport(['sqs:*'], [queueArn]),
          ]),
      }),
    });
    this.alarm('queue-alarm', `${queueName}-messages`, `Events that hub rules could not deliver wait in SQS queue ${queueName}.`, {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queueName },
      statistic: 'Maximum',
    });
  }

  /** Lets the rule send to the queue and alarms on its failed invocations; returns the target's dead-letter configuration. */
  watch(rule: WatchedRule): { readonly arn: string } {
    this.ruleArns.push(arnFor(this.environment, 'events', rule.busName ? `rule/${rule.busName}/${rule.ruleName}` : `rule/${rule.ruleName}`));
    this.alarm(
      `${rule.ruleName}-failed-alarm`,
      `${rule.ruleName}-failed-invocations`,
      `EventBridge rule ${rule.ruleName} failed to deliver an event to its target.`,
      {
        namespace: 'AWS/Events',
        metricName: 'FailedInvocations',
        dimensions: { ...(rule.busName ? { EventBusName: rule.busName } : {}), RuleName: rule.ruleName },
        statistic: 'Sum',
      },
    );
    return this.deadLetterConfig;
  }

  private alarm(
    id: string,
    alarmName: string,
    alarmDescription: string,
    metric: { namespace: string; metricName: string; dimensions: Record<string, string>; statistic: string },
  ): void {
    const topic = this.props.alertTopic;
    new CloudwatchMetricAlarm(this, id, {
      alarmName,
      alarmDescription,
      ...anyMatchInFiveMinutes,
      ...metric,
      ...(topic ? { alarmActions: [topic.arn] } : {}),
    });
    topic?.allowAlarm(alarmName);
    this.alarmNames.push(alarmName);
  }
}
