import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';

export interface AlarmExpectation {
  readonly alarmName: string;
  readonly instanceId: string;
  /** This guard's alarms start with it. */
  readonly alarmNamePrefix: string;
  /** This guard's alarms count lines in it. */
  readonly metricNamespace: string;
}

/**
 * Why an alarm notification must not be acted on, or undefined when the real alarm backs it.
 * Anyone allowed to publish to the topic could post a notification; only CloudWatch can set an
 * alarm's state, so the alarm itself is asked: it must exist, be this guard's, be in ALARM now, and
 * count the lines of the instance the notification names.
 */
export async function alarmProblem(cloudwatch: CloudWatchClient, expected: AlarmExpectation): Promise<string | undefined> {
  if (!expected.alarmName.startsWith(expected.alarmNamePrefix)) return `alarm ${expected.alarmName} is not one of this guard's alarms`;
  const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [expected.alarmName], AlarmTypes: ['MetricAlarm'] }))).MetricAlarms ?? [];
  const alarm = alarms.find((candidate) => candidate.AlarmName === expected.alarmName);
  if (!alarm) return `alarm ${expected.alarmName} does not exist`;
  if (alarm.StateValue !== 'ALARM') return `alarm ${expected.alarmName} is in state ${String(alarm.StateValue)}, not ALARM`;
  if (alarm.Namespace !== expected.metricNamespace)
    return `alarm ${expected.alarmName} watches namespace ${String(alarm.Namespace)}, not ${expected.metricNamespace}`;
  const namesInstance =
    alarm.MetricName === expected.instanceId ||
    (alarm.Dimensions ?? []).some((dimension) => dimension.Name === 'InstanceId' && dimension.Value === expected.instanceId);
  if (!namesInstance) return `alarm ${expected.alarmName} is about metric ${String(alarm.MetricName)}, not instance ${expected.instanceId}`;
  return undefined;
}
