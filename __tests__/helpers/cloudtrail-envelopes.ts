import { deflateSync, gzipSync } from 'node:zlib';
import { projectFixture, sharedEvent } from './fixtures';

/**
 * CloudTrail records wrapped the way each flow delivers them: the shared fixtures hold `detail`
 * bodies only (see ../shared/fixtures/SOURCES.md).
 */

export type JsonRecord = { [key: string]: unknown };

/** A CloudTrail record from the shared fixtures, or from `__tests__/fixtures/` when the name has a folder; `{Records: [r]}` unwrapped. */
export function cloudTrailRecord(name: string): JsonRecord {
  const file = name.includes('/') ? projectFixture<JsonRecord>(name) : sharedEvent<JsonRecord>(name);
  const records = (file as { Records?: JsonRecord[] }).Records;
  return Array.isArray(records) ? records[0] : file;
}

/** The EventBridge source of a CloudTrail event source: `iam.amazonaws.com` -> `aws.iam`. */
function eventBridgeSource(eventSource: string): string {
  return `aws.${eventSource.replace(/\.amazonaws\.com$/, '')}`;
}

/**
 * The record inside the EventBridge envelope of `events/eventbridge-cloudtrail-envelope.json`,
 * with source, detail type, account, region and time taken from the record as EventBridge sets them.
 */
export function eventBridgeEnvelope(detail: JsonRecord): JsonRecord {
  const envelope = sharedEvent<JsonRecord>('eventbridge-cloudtrail-envelope.json');
  const signIn = detail.eventType === 'AwsConsoleSignIn';
  return {
    version: envelope.version,
    id: `envelope-of-${String(detail.eventID ?? 'unknown')}`,
    'detail-type': signIn ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
    source: eventBridgeSource(String(detail.eventSource)),
    account: detail.recipientAccountId ?? envelope.account,
    time: typeof detail.eventTime === 'string' ? detail.eventTime : envelope.time,
    region: detail.awsRegion ?? envelope.region,
    resources: [],
    detail,
  };
}

export type Compression = 'gzip' | 'zlib';

/**
 * A CloudWatch Logs subscription event whose log events are these records (a trail delivering to a
 * log group writes one record per log event), compressed as asked and base64-encoded.
 */
export function logsSubscriptionEvent(
  records: readonly unknown[],
  compression: Compression,
  overrides: Partial<JsonRecord> = {},
): { awslogs: { data: string } } {
  const payload = {
    messageType: 'DATA_MESSAGE',
    owner: '111122223333',
    logGroup: '/guards/cloudtrail',
    logStream: '111122223333_CloudTrail_us-east-1',
    subscriptionFilters: ['guards-signin-alert'],
    logEvents: records.map((record, index) => ({
      id: `3719509834577${index}`,
      timestamp: 1667917474000 + index,
      message: typeof record === 'string' ? record : JSON.stringify(record),
    })),
    ...overrides,
  };
  const bytes = Buffer.from(JSON.stringify(payload), 'utf8');
  const compressed = compression === 'gzip' ? gzipSync(bytes) : deflateSync(bytes);
  return { awslogs: { data: compressed.toString('base64') } };
}
