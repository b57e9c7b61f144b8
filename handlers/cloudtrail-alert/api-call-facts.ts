import { AlertFact, AlertLink, availableLinks, cloudTrailEventUrl, formatUtcTime } from '../common/alert-format';
import { Caller, sessionUsedMfa } from '../common/caller-identity';
import { CloudTrailRecord } from '../common/cloudtrail-record';

/** What every describer needs besides the record. */
export interface DescribeContext {
  /** AWS partition of the account (`aws`, `aws-us-gov`, `aws-cn`), for console links. */
  readonly partition: string;
  /** The guard that sends the alert. */
  readonly guardName: string;
}

export function callFailed(record: CloudTrailRecord): boolean {
  return record.errorCode !== undefined;
}

/** `succeeded`, or `FAILED: <code>: <message>`. */
export function callResult(record: CloudTrailRecord): string {
  if (!callFailed(record)) return 'succeeded';
  return `FAILED: ${[record.errorCode, record.errorMessage].filter(Boolean).join(': ')}`;
}

/** The facts every API-call alert ends with: who, the result, where, when, from where. */
export function callFacts(record: CloudTrailRecord, caller: Caller): AlertFact[] {
  const mfa = sessionUsedMfa(record.userIdentity);
  return [
    { label: 'Who', value: caller.description },
    { label: 'Caller ARN', value: caller.arn },
    // A change to identities made by a session without MFA deserves a second look.
    { label: 'Session MFA', value: mfa === undefined ? undefined : mfa ? 'yes' : 'no' },
    { label: 'Call', value: `${record.eventName} (${record.eventSource})` },
    { label: 'Result', value: callResult(record) },
    { label: 'Account', value: record.accountId },
    { label: 'Region', value: record.awsRegion },
    { label: 'Time', value: formatUtcTime(record.eventTime) },
    { label: 'Source IP', value: record.sourceIpAddress },
    { label: 'User agent', value: record.userAgent },
  ];
}

/** The CloudTrail event page, after any links of the describer. */
export function eventLinks(record: CloudTrailRecord, context: DescribeContext, first: readonly { label: string; url: string | undefined }[] = []): AlertLink[] {
  return availableLinks([...first, { label: 'CloudTrail event', url: cloudTrailEventUrl(context.partition, record.awsRegion, record.eventId) }]);
}
