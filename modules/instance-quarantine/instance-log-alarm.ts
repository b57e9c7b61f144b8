import { Construct } from 'constructs';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { AlarmedInstance, instanceQuarantineDefaults } from './settings';
import { guardResourceTag } from '../../handlers/instance-quarantine/contract';

export interface InstanceLogAlarmProps {
  readonly alarmName: string;
  readonly instance: AlarmedInstance;
  /** The instance's log group: its name, or a reference to the group the stack creates. */
  readonly logGroupName: string;
  readonly settings: Pick<
    typeof instanceQuarantineDefaults,
    'filterPattern' | 'metricNamespace' | 'alarmThreshold' | 'alarmPeriodSeconds' | 'alarmEvaluationPeriods'
  >;
  /** Where the alarm goes: the alert topic (standalone); none in a member (its state change is forwarded to the hub). */
  readonly alarmActions?: readonly string[];
  /** Words after the instance id in the description, e.g. "(through the hub)". */
  readonly via?: string;
}

/**
 * The classic alarm flow for one watched instance: a metric filter counting matching lines of a log
 * group that only this instance writes to (a filter counts every line of its group), and an alarm
 * on that count. Standalone stacks and hub-mode member stacks build it the same way.
 */
export function addInstanceLogAlarm(scope: Construct, props: InstanceLogAlarmProps): void {
  const { alarmName, instance, settings } = props;
  new CloudwatchLogMetricFilter(scope, `metric-filter-${instance.instanceId}`, {
    name: alarmName,
    logGroupName: props.logGroupName,
    pattern: settings.filterPattern,
    // The classic convention: the metric is named after the instance, which the handler reads back.
    metricTransformation: { name: instance.instanceId, namespace: settings.metricNamespace, value: '1', unit: 'Count' },
  });
  new CloudwatchMetricAlarm(scope, `alarm-${instance.instanceId}`, {
    alarmName,
    alarmDescription: `Quarantines ${instance.instanceId}${props.via ? ` ${props.via}` : ''} when ${instance.logGroupName} has ${settings.alarmThreshold} or more lines matching "${settings.filterPattern}"`,
    namespace: settings.metricNamespace,
    metricName: instance.instanceId,
    statistic: 'Sum',
    period: settings.alarmPeriodSeconds,
    evaluationPeriods: settings.alarmEvaluationPeriods,
    threshold: settings.alarmThreshold,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    treatMissingData: 'notBreaching',
    // The handler acts only on an alarm carrying it (handlers/instance-quarantine/alarm-check.ts);
    // the tamper-protection SCP denies writes of guards:* tags to everyone but the guard roles.
    tags: { [guardResourceTag.Key]: guardResourceTag.Value },
    ...(props.alarmActions ? { alarmActions: [...props.alarmActions] } : {}),
  });
}
