import type { EventPattern } from '../common/event-pattern';
import { Detection, detectionPattern, maxEventPatternLength } from '../../handlers/detections/contract';

/**
 * Services whose CloudTrail data events (object reads and writes, invocations) EventBridge delivers
 * like their management calls: a member never forwards such a service whole, only the event names
 * of its detections (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html).
 */
const servicesWithDataEvents = new Set(['s3.amazonaws.com', 'lambda.amazonaws.com', 'bedrock.amazonaws.com', 'dynamodb.amazonaws.com', 'sns.amazonaws.com']);

interface ServiceCalls {
  readonly eventSource: string;
  readonly source: string;
  readonly detailTypes: Set<string>;
  /** `undefined`: every change call of the service. */
  eventNames: Set<string> | undefined;
}

/**
 * The services' alternatives: one per service forwarded by event names, and one for all the
 * services forwarded whole with the same detail types (their `source` names them: `aws.ec2` is
 * every call of `ec2.amazonaws.com`).
 */
function serviceAlternatives(services: readonly ServiceCalls[]): Record<string, unknown>[] {
  const named = services
    .filter((service) => service.eventNames)
    .map((service) => ({
      source: [service.source],
      'detail-type': [...service.detailTypes].sort(),
      detail: { eventSource: [service.eventSource], eventName: [...service.eventNames!].sort() },
    }));
  const wholeByDetailTypes = new Map<string, string[]>();
  for (const service of services.filter((candidate) => !candidate.eventNames)) {
    const key = JSON.stringify([...service.detailTypes].sort());
    wholeByDetailTypes.set(key, [...(wholeByDetailTypes.get(key) ?? []), service.source]);
  }
  const whole = [...wholeByDetailTypes].map(([detailTypes, sources]) => ({ source: sources.sort(), 'detail-type': JSON.parse(detailTypes) as string[] }));
  return [...named, ...whole];
}

function joined(alternatives: readonly Record<string, unknown>[]): EventPattern {
  return alternatives.length === 1 ? alternatives[0] : { $or: [...alternatives] };
}

/**
 * What a member region forwards for the detections, as one pattern of one rule: EventBridge
 * delivers an event once per matching rule, so two member rules would put two copies of a call on
 * the hub bus and alert twice. A detection of one service becomes its service and event names
 * (its conditions are left to the hub's rules, which are the standalone patterns, exact); a
 * detection of any service (`*`) keeps its whole pattern, since its conditions are what make it
 * rare. While the pattern is over EventBridge's 2,048 characters, the service with the longest
 * list of names is forwarded whole instead: a rule in its enabled state receives no read-only
 * (Describe, Get, List) management events
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail-management.html),
 * so "whole" is the service's changes, which the hub's exact rules then filter.
 */
export function memberForwardPattern(detections: readonly Detection[]): EventPattern | undefined {
  if (detections.length === 0) return undefined;
  const anyService: Record<string, unknown>[] = [];
  const services = new Map<string, ServiceCalls>();
  for (const detection of detections) {
    const pattern = detectionPattern(detection);
    if (detection.eventSource === '*') {
      anyService.push(pattern);
      continue;
    }
    const service = services.get(detection.eventSource) ?? {
      eventSource: detection.eventSource,
      source: (pattern.source as string[])[0],
      detailTypes: new Set<string>(),
      eventNames: new Set<string>(),
    };
    for (const detailType of pattern['detail-type'] as string[]) service.detailTypes.add(detailType);
    if (detection.eventNames.length === 0) service.eventNames = undefined;
    else detection.eventNames.forEach((name) => service.eventNames?.add(name));
    services.set(detection.eventSource, service);
  }
  const pattern = () => joined([...serviceAlternatives([...services.values()]), ...anyService]);
  while (JSON.stringify(pattern()).length > maxEventPatternLength) {
    const longest = [...services.values()]
      .filter((service) => service.eventNames && !servicesWithDataEvents.has(service.eventSource))
      .sort((a, b) => b.eventNames!.size - a.eventNames!.size)[0];
    if (!longest) {
      throw new Error(
        `detections: the member forwarding pattern is ${JSON.stringify(pattern()).length} characters, over EventBridge's ${maxEventPatternLength}, with every service that may be forwarded whole so: switch detections off`,
      );
    }
    longest.eventNames = undefined;
  }
  return pattern();
}
