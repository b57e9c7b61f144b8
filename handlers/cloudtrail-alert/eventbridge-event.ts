import { InvalidEventError } from '../common/errors';
import { CloudTrailRecord, isObject, readCloudTrailRecord, textAt } from '../common/cloudtrail-record';

/** The detail type EventBridge gives CloudTrail management events of AWS API calls. */
export const apiCallDetailType = 'AWS API Call via CloudTrail';

/**
 * Reads an EventBridge event that carries a CloudTrail API call (the adapter). Pure.
 * Throws InvalidEventError, naming the field, for anything else.
 */
export function parseApiCallEvent(event: unknown): CloudTrailRecord {
  if (!isObject(event)) throw new InvalidEventError('event: not a JSON object (expected an EventBridge event)', 'unknown');
  const detailType = textAt(event, 'detail-type');
  if (detailType !== apiCallDetailType) {
    throw new InvalidEventError(`event.detail-type: ${JSON.stringify(detailType ?? null)}, expected "${apiCallDetailType}"`, 'eventbridge');
  }
  // The envelope names the region and account that delivered the event, should the record not.
  return readCloudTrailRecord(event.detail, 'detail', { region: textAt(event, 'region'), accountId: textAt(event, 'account') });
}
