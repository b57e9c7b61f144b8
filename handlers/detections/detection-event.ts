import { InvalidEventError } from '../common/errors';
import { CloudTrailRecord, isObject, readCloudTrailRecord, textAt } from '../common/cloudtrail-record';

/** One delivery: the CloudTrail record, its raw detail (what the patterns test) and the rule that delivered it. */
export interface DetectionEvent {
  readonly detailType: string;
  readonly record: CloudTrailRecord;
  readonly detail: unknown;
  /** Index of the detection rule that delivered it (its target input); absent for an event passed as it is. */
  readonly ruleIndex: number | undefined;
}

/**
 * Reads the rule's target input `{ruleIndex, event}` or a bare EventBridge event (the adapter). Pure.
 * Throws InvalidEventError, naming the field, for anything else.
 */
export function parseDetectionEvent(input: unknown): DetectionEvent {
  if (!isObject(input)) throw new InvalidEventError('event: not a JSON object (expected an EventBridge event)', 'unknown');
  const wrapped = 'event' in input && 'ruleIndex' in input;
  if (wrapped && (typeof input.ruleIndex !== 'number' || !Number.isInteger(input.ruleIndex) || input.ruleIndex < 0)) {
    throw new InvalidEventError(`event.ruleIndex: ${JSON.stringify(input.ruleIndex)}, expected a rule index (0, 1, ...)`, 'eventbridge');
  }
  const event = wrapped ? input.event : input;
  const where = wrapped ? 'event.event' : 'event';
  if (!isObject(event)) throw new InvalidEventError(`${where}: not a JSON object (expected an EventBridge event)`, 'eventbridge');
  const detailType = textAt(event, 'detail-type');
  if (!detailType) throw new InvalidEventError(`${where}.detail-type: missing (expected an EventBridge event of a CloudTrail record)`, 'eventbridge');
  const record = readCloudTrailRecord(event.detail, `${where}.detail`, { region: textAt(event, 'region'), accountId: textAt(event, 'account') });
  return { detailType, record, detail: event.detail, ruleIndex: wrapped ? (input.ruleIndex as number) : undefined };
}
