import { Construct } from 'constructs';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { AlertTopic } from '../common/alert-topic';
import { anyMatchInFiveMinutes } from '../common/any-match-alarm';
import { AwsEnvironment } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';

export interface HubPageChannelProps {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  /** The organization's alert topic it watches. */
  readonly alertTopic: AlertTopic;
  /** The subscriptions the alert topic should deliver each alert to: its e-mail addresses and its chat channels (Chatbot subscribes each once). */
  readonly alertSubscriberCount: number;
  /** `alerts.pageEmails`: who is paged. */
  readonly pageEmails: readonly string[];
}

/**
 * The second channel (hub home region): a topic of its own, paged when the alert topic fails to
 * deliver (`NumberOfNotificationsFailed`) or delivers each alert to fewer subscribers than it has
 * (subscription loss: an unsubscribe link clicked, a subscription deleted or never confirmed). SNS
 * has no metric of its subscriptions; delivered over published per hour is the one it keeps
 * (https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html).
 */
export class HubPageChannel extends Construct {
  readonly topic: AlertTopic;
  readonly alarmNames: string[] = [];

  constructor(scope: Construct, id: string, props: HubPageChannelProps) {
    super(scope, id);
    const { namePrefix, alertTopic } = props;
    this.topic = new AlertTopic(this, 'topic', { environment: props.environment, namePrefix: `${namePrefix}-page`, key: props.key, emails: props.pageEmails });
    const topicName = alertTopic.name;
    const page = (alarmId: string, alarm: Omit<ConstructorParameters<typeof CloudwatchMetricAlarm>[2], 'alarmActions'>) => {
      new CloudwatchMetricAlarm(this, alarmId, { ...alarm, alarmActions: [this.topic.arn] });
      this.topic.allowAlarm(alarm.alarmName);
      this.alarmNames.push(alarm.alarmName);
    };
    page('failed-alarm', {
      alarmName: `${topicName}-notifications-failed`,
      alarmDescription: `SNS topic ${topicName} failed to deliver an alert: check its subscriptions and the key grant`,
      namespace: 'AWS/SNS',
      metricName: 'NumberOfNotificationsFailed',
      dimensions: { TopicName: topicName },
      ...anyMatchInFiveMinutes,
    });
    if (props.alertSubscriberCount === 0) return;
    const metric = (metricId: string, metricName: string) => ({
      id: metricId,
      metric: { namespace: 'AWS/SNS', metricName, dimensions: { TopicName: topicName }, stat: 'Sum', period: 3600 },
      returnData: false,
    });
    page('subscribers-lost-alarm', {
      alarmName: `${topicName}-subscribers-lost`,
      alarmDescription: `SNS topic ${topicName} delivered its alerts to fewer than its ${props.alertSubscriberCount} subscriptions (e-mail, chat) in an hour: one was unsubscribed or is unconfirmed`,
      metricQuery: [
        metric('published', 'NumberOfMessagesPublished'),
        metric('delivered', 'NumberOfNotificationsDelivered'),
        // No publish in the hour gives no data point (quiet, not lost); FILL keeps a missing delivery count as 0.
        { id: 'perAlert', expression: 'IF(published > 0, FILL(delivered, 0) / published)', label: 'Deliveries per alert', returnData: true },
      ],
      evaluationPeriods: 1,
      threshold: props.alertSubscriberCount,
      comparisonOperator: 'LessThanThreshold',
      treatMissingData: 'notBreaching',
    });
  }
}
