import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricStatisticsCommand,
  ListTagsForResourceCommand,
  MetricAlarm,
  Statistic,
} from '@aws-sdk/client-cloudwatch';
import { guardResourceTag } from './contract';

export interface AlarmExpectation {
  readonly alarmName: string;
  readonly instanceId: string;
  /** This guard's alarms start with it. */
  readonly alarmNamePrefix: string;
  /** This guard's alarms count lines in it. */
  readonly metricNamespace: string;
  /** The instances the config's alarmInstances names for the account acted in. */
  readonly alarmedInstanceIds: readonly string[];
}

/**
 * What a metric evaluation writes into an alarm's StateReasonData (version 1.0): the statistic,
 * period and threshold, and the datapoints it evaluated. A SetAlarmState call carries whatever its
 * caller wrote, or nothing, so the datapoints are then read back from the metric itself.
 */
interface EvaluationReasonData {
  readonly statistic: string;
  readonly period: number;
  readonly threshold: number;
  readonly evaluatedDatapoints: readonly { readonly timestamp: string }[];
}

function evaluationOf(stateReasonData: string | undefined): EvaluationReasonData | undefined {
  if (!stateReasonData) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(stateReasonData);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const candidate = data as Record<string, unknown>;
  const points = candidate.evaluatedDatapoints;
  if (candidate.version !== '1.0' || typeof candidate.statistic !== 'string' || typeof candidate.period !== 'number' || typeof candidate.threshold !== 'number')
    return undefined;
  if (
    !Array.isArray(points) ||
    points.length === 0 ||
    !points.every((point) => typeof point?.timestamp === 'string' && !Number.isNaN(Date.parse(point.timestamp)))
  )
    return undefined;
  return candidate as unknown as EvaluationReasonData;
}

function breaches(value: number, alarm: MetricAlarm): boolean {
  const threshold = alarm.Threshold ?? Number.NaN;
  switch (alarm.ComparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    default:
      // The guard's alarms count matching lines upwards; anything else is not its alarm.
      return false;
  }
}

/**
 * Why an alarm notification must not be acted on, or undefined when the real alarm backs it.
 * Anyone allowed to publish to the topic could post a notification, and anyone with
 * `cloudwatch:SetAlarmState` could put a real alarm in ALARM (issue 19), so the alarm is asked:
 * it must be one of the configured alarms (exact name of an alarmed instance of this account), be
 * in ALARM now, carry the guards' tag, count the lines of that instance in the guard's namespace
 * (metric named after the instance, no dimension), and its state must come from a metric
 * evaluation whose breaching datapoints the metric really holds. Writing those datapoints needs
 * `cloudwatch:PutMetricData` on the namespace, which the tamper-protection SCP denies.
 */
export async function alarmProblem(cloudwatch: CloudWatchClient, expected: AlarmExpectation): Promise<string | undefined> {
  const { alarmName, instanceId } = expected;
  if (alarmName !== `${expected.alarmNamePrefix}${instanceId}` || !expected.alarmedInstanceIds.includes(instanceId)) {
    return `alarm ${alarmName} is not a configured alarm of this account (alarmInstances names ${expected.alarmedInstanceIds.join(', ') || 'no instance'})`;
  }
  const alarms = (await cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [alarmName], AlarmTypes: ['MetricAlarm'] }))).MetricAlarms ?? [];
  const alarm = alarms.find((candidate) => candidate.AlarmName === alarmName);
  if (!alarm) return `alarm ${alarmName} does not exist`;
  if (alarm.StateValue !== 'ALARM') return `alarm ${alarmName} is in state ${String(alarm.StateValue)}, not ALARM`;
  if (alarm.Namespace !== expected.metricNamespace) return `alarm ${alarmName} watches namespace ${String(alarm.Namespace)}, not ${expected.metricNamespace}`;
  if (alarm.MetricName !== instanceId || (alarm.Dimensions ?? []).length > 0) {
    return `alarm ${alarmName} is about metric ${String(alarm.MetricName)}${(alarm.Dimensions ?? []).length > 0 ? ' with dimensions' : ''}, not the line count of instance ${instanceId}`;
  }
  const tags = (await cloudwatch.send(new ListTagsForResourceCommand({ ResourceARN: alarm.AlarmArn }))).Tags ?? [];
  if (!tags.some((tag) => tag.Key === guardResourceTag.Key && tag.Value === guardResourceTag.Value)) {
    return `alarm ${alarmName} lacks the tag ${guardResourceTag.Key}=${guardResourceTag.Value}: the guard did not create it`;
  }
  const evaluation = evaluationOf(alarm.StateReasonData);
  if (!evaluation || evaluation.period !== alarm.Period || evaluation.threshold !== alarm.Threshold || evaluation.statistic !== alarm.Statistic) {
    return `alarm ${alarmName} went to ALARM without a metric evaluation of its own metric (its state reason data is not CloudWatch's evaluation: a SetAlarmState call?)`;
  }
  return metricProblem(cloudwatch, alarm, evaluation);
}

/** The evaluated datapoints, read back from the metric: at least DatapointsToAlarm of them must breach. */
async function metricProblem(cloudwatch: CloudWatchClient, alarm: MetricAlarm, evaluation: EvaluationReasonData): Promise<string | undefined> {
  const period = alarm.Period ?? 60;
  const times = evaluation.evaluatedDatapoints.map((point) => Date.parse(point.timestamp));
  const response = await cloudwatch.send(
    new GetMetricStatisticsCommand({
      Namespace: alarm.Namespace,
      MetricName: alarm.MetricName,
      StartTime: new Date(Math.min(...times)),
      EndTime: new Date(Math.max(...times) + period * 1000),
      Period: period,
      Statistics: [alarm.Statistic as Statistic],
    }),
  );
  const statistic = alarm.Statistic as Statistic;
  const breaching = (response.Datapoints ?? []).filter((point) => {
    const value = point[statistic];
    return typeof value === 'number' && breaches(value, alarm);
  }).length;
  const needed = alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods ?? 1;
  if (breaching < needed) {
    return `alarm ${alarm.AlarmName} is in ALARM, but its metric holds ${breaching} breaching datapoint(s) where ${needed} are needed (the state was set, not evaluated)`;
  }
  return undefined;
}
