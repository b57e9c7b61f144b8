import { InvalidEventError } from '../common/errors';
import { decodeLogsData } from '../common/logs-subscription-data';
import type { EventTarget } from '../common/member-account-names';
import type { AdapterSettings, Invocation } from './invocation';
import { alarmStateChangeDetailType, eventTarget, parseAlarmStateChange } from './alarm-state-event';
import { parseGuardDutyFinding } from './guardduty-finding';

export type { AdapterSettings, Invocation, NoticeKind, QuarantineTrigger } from './invocation';

const instanceIdPattern = /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

export function isInstanceId(value: unknown): value is string {
  return typeof value === 'string' && instanceIdPattern.test(value);
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an invocation: an SNS-delivered CloudWatch alarm, a CloudWatch Logs subscription batch, a
 * GuardDuty finding from EventBridge, or a manual `{action, instanceId}`. Pure: no AWS call.
 * Throws InvalidEventError, naming the field, for anything malformed or unexpected.
 */
export function parseInvocation(event: unknown, settings: AdapterSettings): Invocation[] {
  if (!isObject(event)) throw new InvalidEventError('event: not a JSON object', 'unknown');
  if (Array.isArray(event.Records)) return event.Records.map((record, index) => parseSnsRecord(record, index, settings));
  if (isObject(event.awslogs)) return [parseLogsBatch(event.awslogs, settings)];
  if (event.source === 'aws.guardduty') return [parseGuardDutyFinding(event, settings)];
  if (event['detail-type'] === alarmStateChangeDetailType) return [parseAlarmStateChange(event, settings)];
  if (typeof event.action === 'string') return [parseManual(event)];
  throw new InvalidEventError(
    'event: not a recognised invocation (expected an SNS alarm, a CloudWatch Logs batch, a GuardDuty finding or {"action": ...})',
    'unknown',
  );
}

function parseSnsRecord(record: unknown, index: number, settings: AdapterSettings): Invocation {
  const where = `Records[${index}].Sns.Message`;
  const message = isObject(record) && isObject(record.Sns) ? record.Sns.Message : undefined;
  if (typeof message !== 'string') throw new InvalidEventError(`${where}: missing`, 'sns');
  let alarm: unknown;
  try {
    alarm = JSON.parse(message);
  } catch {
    throw new InvalidEventError(`${where}: not JSON (expected a CloudWatch alarm notification)`, 'sns');
  }
  if (!isObject(alarm) || typeof alarm.AlarmName !== 'string') {
    throw new InvalidEventError(`${where}.AlarmName: missing (expected a CloudWatch alarm notification)`, 'sns');
  }
  const alarmName = alarm.AlarmName;
  if (settings.alarmNamePrefix && !alarmName.startsWith(settings.alarmNamePrefix)) {
    return { kind: 'ignore', eventKind: 'cloudwatch-alarm', reason: `alarm ${alarmName} is not one of this guard's alarms` };
  }
  if (alarm.NewStateValue !== 'ALARM') {
    return { kind: 'ignore', eventKind: 'cloudwatch-alarm', reason: `alarm ${alarmName} went to ${String(alarm.NewStateValue)}, not ALARM` };
  }
  const trigger = isObject(alarm.Trigger) ? alarm.Trigger : undefined;
  if (!trigger) throw new InvalidEventError(`${where}.Trigger: missing`, 'cloudwatch-alarm');
  if (trigger.MetricName === undefined && Array.isArray(trigger.Metrics)) {
    throw new InvalidEventError(`${where}.Trigger: alarm ${alarmName} uses metric math; it names no instance`, 'cloudwatch-alarm');
  }
  const instanceId = instanceIdOfAlarm(trigger);
  if (!instanceId) {
    throw new InvalidEventError(
      `${where}.Trigger: alarm ${alarmName} names no instance (neither MetricName nor an InstanceId dimension is an instance id)`,
      'cloudwatch-alarm',
    );
  }
  // The state reason is whatever a SetAlarmState caller wrote: shown labelled, never as the guard's words.
  const untrusted = typeof alarm.NewStateReason === 'string' ? { untrusted: [{ from: 'the alarm', label: 'reason', value: alarm.NewStateReason }] } : {};
  return { kind: 'quarantine', instanceId, trigger: 'alarm', reason: `alarm ${alarmName} went to ALARM`, alarmName, ...untrusted };
}

/** The classic convention names the metric after the instance; otherwise an InstanceId dimension. */
function instanceIdOfAlarm(trigger: JsonObject): string | undefined {
  if (isInstanceId(trigger.MetricName)) return trigger.MetricName;
  const dimensions = Array.isArray(trigger.Dimensions) ? trigger.Dimensions : [];
  for (const dimension of dimensions) {
    if (!isObject(dimension)) continue;
    // SNS alarm payloads spell the keys in lower case; accept both.
    const name = dimension.name ?? dimension.Name;
    const value = dimension.value ?? dimension.Value;
    if (name === 'InstanceId' && isInstanceId(value)) return value;
  }
  return undefined;
}

function parseLogsBatch(awslogs: JsonObject, settings: AdapterSettings): Invocation {
  if (typeof awslogs.data !== 'string') throw new InvalidEventError('awslogs.data: missing', 'cloudwatch-logs');
  // gzip, as CloudWatch Logs delivers it, or zlib: the one decoder the sign-in alert uses too.
  const batch = decodeLogsData(awslogs.data);
  if (!isObject(batch)) throw new InvalidEventError('awslogs.data: not a JSON object', 'cloudwatch-logs');
  if (batch.messageType === 'CONTROL_MESSAGE') {
    return { kind: 'ignore', eventKind: 'cloudwatch-logs', reason: 'CloudWatch Logs control message (delivery check)' };
  }
  const logStream = batch.logStream;
  if (!isInstanceId(logStream)) {
    throw new InvalidEventError(
      `awslogs.data.logStream: "${String(logStream)}" is not an instance id (the agent must name streams {instance_id})`,
      'cloudwatch-logs',
    );
  }
  const lines = Array.isArray(batch.logEvents) ? batch.logEvents.length : 0;
  if (lines < settings.fleetThreshold) {
    return {
      kind: 'ignore',
      eventKind: 'cloudwatch-logs',
      reason: `${lines} matching line(s) from ${logStream}, below the threshold of ${settings.fleetThreshold}`,
    };
  }
  return {
    kind: 'quarantine',
    instanceId: logStream,
    trigger: 'fleet',
    reason: `${lines} lines matching ${JSON.stringify(batch.subscriptionFilters ?? [])} in ${String(batch.logGroup)}/${logStream}`,
  };
}

function parseManual(event: JsonObject): Invocation {
  if (!isInstanceId(event.instanceId)) throw new InvalidEventError('instanceId: must be an instance id such as i-0123456789abcdef0', 'manual');
  if (event.dryRun !== undefined && typeof event.dryRun !== 'boolean') throw new InvalidEventError('dryRun: must be true or false', 'manual');
  const dryRun = event.dryRun === true ? { dryRun: true } : {};
  if (event.action === 'release') {
    throw new InvalidEventError('action: release is done by the release function (<prefix>-instance-quarantine-release), which has its own role', 'manual');
  }
  if (event.action === 'quarantine') {
    const reason = typeof event.reason === 'string' && event.reason !== '' ? event.reason : 'manual quarantine';
    return { kind: 'quarantine', instanceId: event.instanceId, trigger: 'manual', reason, ...dryRun, ...manualTarget(event) };
  }
  throw new InvalidEventError(`action: "${String(event.action)}" is not quarantine`, 'manual');
}

/** Hub mode: a manual invocation names the member account and region (`accountId`, `region`). */
export function manualTarget(event: JsonObject): { target?: EventTarget } {
  if (event.accountId === undefined && event.region === undefined) return {};
  return { target: eventTarget({ account: event.accountId, region: event.region }, 'manual') };
}
