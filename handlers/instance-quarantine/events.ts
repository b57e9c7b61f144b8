import { gunzipSync } from 'node:zlib';
import { InvalidEventError } from '../common/errors';
import type { EventTarget } from '../common/member-account-names';
import type { AdapterSettings, Invocation } from './invocation';
import { alarmStateChangeDetailType, eventTarget, parseAlarmStateChange } from './alarm-state-event';

export type { AdapterSettings, Invocation, QuarantineTrigger } from './invocation';

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
  const reason = typeof alarm.NewStateReason === 'string' ? alarm.NewStateReason : 'alarm fired';
  return { kind: 'quarantine', instanceId, trigger: 'alarm', reason: `alarm ${alarmName}: ${reason}`, alarmName };
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
  let batch: unknown;
  try {
    batch = JSON.parse(gunzipSync(Buffer.from(awslogs.data, 'base64')).toString('utf8'));
  } catch {
    throw new InvalidEventError('awslogs.data: not base64 gzip JSON', 'cloudwatch-logs');
  }
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

function parseGuardDutyFinding(event: JsonObject, settings: AdapterSettings): Invocation {
  const detail = isObject(event.detail) ? event.detail : undefined;
  if (!detail) throw new InvalidEventError('detail: missing from the GuardDuty finding', 'guardduty');
  const resource = isObject(detail.resource) ? detail.resource : undefined;
  if (resource?.resourceType !== 'Instance') {
    return { kind: 'ignore', eventKind: 'guardduty', reason: `finding ${String(detail.id)} is about ${String(resource?.resourceType)}, not an EC2 instance` };
  }
  const instanceId = isObject(resource.instanceDetails) ? resource.instanceDetails.instanceId : undefined;
  if (!isInstanceId(instanceId)) throw new InvalidEventError('detail.resource.instanceDetails.instanceId: not an instance id', 'guardduty');
  const severity = Number(detail.severity);
  if (!Number.isFinite(severity)) throw new InvalidEventError('detail.severity: not a number', 'guardduty');
  if (severity < settings.guardDutyMinSeverity) {
    return { kind: 'ignore', eventKind: 'guardduty', reason: `finding ${String(detail.id)} has severity ${severity}, below ${settings.guardDutyMinSeverity}` };
  }
  // A delegated administrator's bus carries members' findings: the finding names the member and
  // region. Read only where the envelope names an account (EventBridge); standalone ignores it.
  const target =
    typeof detail.accountId === 'string' && typeof detail.region === 'string'
      ? { target: eventTarget({ account: detail.accountId, region: detail.region }, 'detail') }
      : typeof event.account === 'string'
        ? { target: eventTarget(event) }
        : {};
  return {
    kind: 'quarantine',
    instanceId,
    trigger: 'guardduty',
    reason: `GuardDuty ${String(detail.type)} (severity ${severity}, finding ${String(detail.id)})`,
    ...target,
    ...(typeof detail.id === 'string' ? { eventId: detail.id } : {}),
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
