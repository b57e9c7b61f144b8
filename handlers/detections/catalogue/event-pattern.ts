/**
 * A detection's EventBridge pattern and the same test in code, both from its one definition, and
 * the packing of detections into as few rules as EventBridge's pattern size allows (each rule
 * carries an alarm on its failed invocations, which costs). Pure.
 */
import { isObject, memberAt } from '../../common/cloudtrail-record';
import { Detection, DetectionCondition } from './detection';

export const apiCallDetailType = 'AWS API Call via CloudTrail';

/**
 * EventBridge accepts event patterns of at most 2,048 characters
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html: "Event pattern size").
 */
export const maxEventPatternLength = 2048;

/** `cloudtrail.amazonaws.com` is delivered under source `aws.cloudtrail`. */
export function eventBridgeSource(eventSource: string): string {
  return `aws.${eventSource.split('.')[0]}`;
}

function conditionPattern(condition: DetectionCondition): unknown[] {
  if ('exists' in condition) return [{ exists: condition.exists }];
  if ('noneOf' in condition) return [{ 'anything-but': [...condition.noneOf] }];
  return [...condition.anyOf, ...(condition.prefixes ?? []).map((prefix) => ({ prefix }))];
}

/** Sets `value` at a dotted path of a nested pattern object. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const names = path.split('.');
  let current = target;
  for (const name of names.slice(0, -1)) {
    if (!isObject(current[name])) current[name] = {};
    current = current[name] as Record<string, unknown>;
  }
  current[names.at(-1)!] = value;
}

/** The pattern of one detection: its source, detail types, event names and conditions. */
export function detectionPattern(detection: Detection): Record<string, unknown> {
  const detail: Record<string, unknown> = {};
  if (detection.eventSource !== '*') detail.eventSource = [detection.eventSource];
  if (detection.eventNames.length > 0) detail.eventName = [...detection.eventNames];
  for (const condition of detection.conditions ?? []) setAt(detail, condition.path, conditionPattern(condition));
  return {
    ...(detection.eventSource !== '*' ? { source: [eventBridgeSource(detection.eventSource)] } : {}),
    'detail-type': [...(detection.detailTypes ?? [apiCallDetailType])],
    detail,
  };
}

/** One rule's pattern: the detections' patterns as alternatives. */
export function rulePattern(detections: readonly Detection[]): Record<string, unknown> {
  const patterns = detections.map(detectionPattern);
  return patterns.length === 1 ? patterns[0] : { $or: patterns };
}

/** The detections in rules, in catalogue order, each rule's pattern within EventBridge's size. */
export function packIntoRules(detections: readonly Detection[]): Detection[][] {
  const rules: Detection[][] = [];
  for (const detection of detections) {
    const last = rules.at(-1);
    if (last && JSON.stringify(rulePattern([...last, detection])).length <= maxEventPatternLength) last.push(detection);
    else {
      if (JSON.stringify(rulePattern([detection])).length > maxEventPatternLength)
        throw new Error(`detection ${detection.id}: its event pattern alone exceeds ${maxEventPatternLength} characters`);
      rules.push([detection]);
    }
  }
  return rules;
}

function conditionHolds(condition: DetectionCondition, record: unknown): boolean {
  const value = memberAt(record, ...condition.path.split('.'));
  if ('exists' in condition) return (value !== undefined) === condition.exists;
  // EventBridge's anything-but matches a present value only.
  if ('noneOf' in condition) return typeof value === 'string' && !condition.noneOf.includes(value);
  if (typeof value !== 'string') return false;
  return condition.anyOf.includes(value) || (condition.prefixes ?? []).some((prefix) => value.startsWith(prefix));
}

/** Whether the CloudTrail record (an event's `detail`) is one the detection's pattern matches. */
export function detectionMatches(detection: Detection, detailType: string, record: unknown): boolean {
  if (!(detection.detailTypes ?? [apiCallDetailType]).includes(detailType)) return false;
  if (detection.eventSource !== '*' && memberAt(record, 'eventSource') !== detection.eventSource) return false;
  const eventName = memberAt(record, 'eventName');
  if (detection.eventNames.length > 0 && !(typeof eventName === 'string' && detection.eventNames.includes(eventName))) return false;
  return (detection.conditions ?? []).every((condition) => conditionHolds(condition, record));
}
