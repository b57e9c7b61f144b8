/**
 * The adapter and the alert of the hub-alarm-relay function: a `CloudWatch Alarm State Change`
 * event of a hub alarm (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html)
 * read into its facts, and the alert a person reads. Pure.
 */
import { AlertContent, availableLinks, consoleUrl, formatUtcTime } from '../common/alert-format';
import { InvalidEventError } from '../common/errors';
import { isObject, textAt } from '../common/cloudtrail-record';

export const alarmStateChangeDetailType = 'CloudWatch Alarm State Change';

export interface AlarmStateChange {
  readonly eventId: string | undefined;
  readonly accountId: string;
  readonly region: string;
  readonly alarmName: string;
  readonly state: string;
  readonly reason: string | undefined;
  readonly description: string | undefined;
  readonly time: string | undefined;
}

function required(value: string | undefined, field: string): string {
  if (!value) throw new InvalidEventError(`${field}: missing (expected a CloudWatch alarm state change)`, 'cloudwatch-alarm');
  return value;
}

/** Throws InvalidEventError, naming the field, for anything but an alarm state change. */
export function parseAlarmStateChange(event: unknown): AlarmStateChange {
  if (!isObject(event)) throw new InvalidEventError('event: not a JSON object (expected an EventBridge event)', 'unknown');
  const detailType = textAt(event, 'detail-type');
  if (detailType !== alarmStateChangeDetailType) {
    throw new InvalidEventError(`event.detail-type: ${JSON.stringify(detailType ?? null)}, expected "${alarmStateChangeDetailType}"`, 'eventbridge');
  }
  const detail = event.detail;
  return {
    eventId: textAt(event, 'id'),
    accountId: required(textAt(event, 'account'), 'event.account'),
    region: required(textAt(event, 'region'), 'event.region'),
    alarmName: required(textAt(detail, 'alarmName'), 'event.detail.alarmName'),
    state: required(textAt(detail, 'state', 'value'), 'event.detail.state.value'),
    reason: textAt(detail, 'state', 'reason'),
    description: textAt(detail, 'configuration', 'description'),
    time: textAt(detail, 'state', 'timestamp') ?? textAt(event, 'time'),
  };
}

/** The alert of one hub alarm: which alarm, where, why, and its console page. */
export function describeAlarmStateChange(change: AlarmStateChange, partition: string, guardName: string): AlertContent {
  const alarmPage = `cloudwatch/home?region=${encodeURIComponent(change.region)}#alarmsV2:alarm/${encodeURIComponent(change.alarmName)}`;
  return {
    markers: ['HUB ALARM'],
    title: `${change.alarmName} in ${change.region} is in ${change.state}`,
    summary: `The hub alarm ${change.alarmName} in ${change.region} is in ${change.state}: a guard of the organization may be failing there.`,
    facts: [
      { label: 'Alarm', value: change.alarmName },
      { label: 'Hub account', value: change.accountId },
      { label: 'Region', value: change.region },
      { label: 'State', value: change.state },
      { label: 'Reason', value: change.reason },
      { label: 'Alarm description', value: change.description },
      { label: 'Time', value: formatUtcTime(change.time) },
    ],
    links: availableLinks([{ label: 'Alarm', url: consoleUrl(partition, change.region, alarmPage) }]),
    eventId: change.eventId,
    guardName,
  };
}
