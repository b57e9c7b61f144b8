import { InvalidEventError } from '../common/errors';
import { CloudTrailRecord, isObject, readCloudTrailRecord } from '../common/cloudtrail-record';
import { decodeLogsData } from '../common/logs-subscription-data';

/** What one CloudWatch Logs subscription delivery holds, once decoded. */
export type LogsDelivery =
  | { readonly kind: 'control'; readonly logGroup: string | undefined }
  | { readonly kind: 'records'; readonly logGroup: string | undefined; readonly records: readonly CloudTrailRecord[] };

/**
 * Reads a CloudWatch Logs subscription event whose log events are CloudTrail records (a trail
 * delivering to a log group writes one record per log event). Pure apart from decompression.
 * Throws InvalidEventError, naming the field, for anything malformed: no alert of the batch is sent,
 * so that a retry cannot send some twice.
 */
export function parseLogsDelivery(event: unknown): LogsDelivery {
  const data = isObject(event) && isObject(event.awslogs) ? event.awslogs.data : undefined;
  if (typeof data !== 'string') throw new InvalidEventError('awslogs.data: missing (expected a CloudWatch Logs subscription event)', 'unknown');
  const payload = decodeLogsData(data);
  if (!isObject(payload)) throw new InvalidEventError('awslogs.data: not a JSON object', 'cloudwatch-logs');
  const logGroup = typeof payload.logGroup === 'string' ? payload.logGroup : undefined;
  // CloudWatch Logs checks that it can reach the destination with a control message.
  if (payload.messageType === 'CONTROL_MESSAGE') return { kind: 'control', logGroup };
  if (payload.messageType !== 'DATA_MESSAGE') {
    throw new InvalidEventError(`awslogs.data.messageType: ${JSON.stringify(payload.messageType ?? null)}, expected DATA_MESSAGE`, 'cloudwatch-logs');
  }
  if (!Array.isArray(payload.logEvents)) throw new InvalidEventError('awslogs.data.logEvents: missing', 'cloudwatch-logs');
  const records = payload.logEvents.map((logEvent, index) => {
    const where = `awslogs.data.logEvents[${index}].message`;
    const message = isObject(logEvent) ? logEvent.message : undefined;
    if (typeof message !== 'string') throw new InvalidEventError(`${where}: missing`, 'cloudwatch-logs');
    let record: unknown;
    try {
      record = JSON.parse(message);
    } catch {
      throw new InvalidEventError(`${where}: not JSON (expected a CloudTrail record)`, 'cloudwatch-logs');
    }
    return readCloudTrailRecord(record, where);
  });
  return { kind: 'records', logGroup, records };
}
