import { InvalidEventError } from '../common/errors';
import type { EventTarget } from '../common/member-account-names';
import type { AdapterSettings, Invocation } from './invocation';

/** The detail type of a CloudWatch alarm's state change on EventBridge (hub mode: forwarded by the member). */
export const alarmStateChangeDetailType = 'CloudWatch Alarm State Change';

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const instanceIdPattern = /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/;

/** The account and region an EventBridge event came from: the member, for an event it forwarded. */
export function eventTarget(event: JsonObject, where = 'event'): EventTarget {
  const accountId = event.account;
  const region = event.region;
  if (typeof accountId !== 'string' || !/^\d{12}$/.test(accountId)) throw new InvalidEventError(`${where}.account: not a 12-digit account id`, 'eventbridge');
  if (typeof region !== 'string' || !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new InvalidEventError(`${where}.region: not an AWS region`, 'eventbridge');
  return { accountId, region };
}

/**
 * A per-instance alarm's state change, as the member's rule forwards it: the alarm is named
 * `<prefix><instance id>` and its metric is named after the instance (the classic convention).
 * Pure: no AWS call.
 */
export function parseAlarmStateChange(event: JsonObject, settings: AdapterSettings): Invocation {
  const detail = isObject(event.detail) ? event.detail : undefined;
  if (!detail || typeof detail.alarmName !== 'string') throw new InvalidEventError('detail.alarmName: missing from the alarm state change', 'cloudwatch-alarm');
  const alarmName = detail.alarmName;
  if (settings.alarmNamePrefix && !alarmName.startsWith(settings.alarmNamePrefix)) {
    return { kind: 'ignore', eventKind: 'cloudwatch-alarm', reason: `alarm ${alarmName} is not one of this guard's alarms` };
  }
  const state = isObject(detail.state) ? detail.state : {};
  if (state.value !== 'ALARM') {
    return { kind: 'ignore', eventKind: 'cloudwatch-alarm', reason: `alarm ${alarmName} went to ${String(state.value)}, not ALARM` };
  }
  const target = eventTarget(event);
  const metrics = isObject(detail.configuration) && Array.isArray(detail.configuration.metrics) ? detail.configuration.metrics : [];
  const metricNames = metrics.flatMap((metric) => {
    const name = isObject(metric) && isObject(metric.metricStat) && isObject(metric.metricStat.metric) ? metric.metricStat.metric.name : undefined;
    return typeof name === 'string' ? [name] : [];
  });
  const fromName = settings.alarmNamePrefix ? alarmName.slice(settings.alarmNamePrefix.length) : undefined;
  const instanceId = metricNames.find((name) => instanceIdPattern.test(name)) ?? (fromName && instanceIdPattern.test(fromName) ? fromName : undefined);
  if (!instanceId) {
    throw new InvalidEventError(
      `detail.configuration.metrics: alarm ${alarmName} names no instance (the metric must be named after the instance)`,
      'cloudwatch-alarm',
    );
  }
  // The state reason is whatever a SetAlarmState caller wrote: shown labelled, never as the guard's words.
  const untrusted = typeof state.reason === 'string' ? { untrusted: [{ from: 'the alarm', label: 'reason', value: state.reason }] } : {};
  return {
    kind: 'quarantine',
    instanceId,
    trigger: 'alarm',
    reason: `alarm ${alarmName} went to ALARM`,
    ...untrusted,
    // Checked against the real alarm in the member account before anything is done.
    alarmName,
    target,
    ...(typeof event.id === 'string' ? { eventId: event.id } : {}),
  };
}
