import { AlertContent, formatUtcTime } from '../common/alert-format';
import { describeCaller } from '../common/caller-identity';
import { CloudTrailRecord, textAt } from '../common/cloudtrail-record';
import { MemberAccountSettings, accountLabel } from '../common/member-account-names';
import { callFailed } from './api-call-facts';
import type { FailedCallKey, WindowDigest } from './failed-call-table';

/** Event names a digest lists; the rest are counted ("and N more names"). */
const listedNames = 20;

/**
 * The key a failed call is counted under: its account and caller. Undefined for a successful call
 * (never folded into a digest: each change alerts on its own) and for a record naming no account.
 */
export function failedCallKey(record: CloudTrailRecord): FailedCallKey | undefined {
  if (!callFailed(record) || !record.accountId) return undefined;
  const callerArn = textAt(record.userIdentity, 'arn') ?? textAt(record.userIdentity, 'principalId') ?? 'unknown caller';
  return { accountId: record.accountId, callerArn };
}

/** "N more failed calls by <caller> in <account> between T1 and T2: names…", as one alert. Pure. */
export function failedCallDigest(
  digest: WindowDigest,
  key: FailedCallKey,
  record: CloudTrailRecord,
  context: { readonly guardName: string; readonly members: MemberAccountSettings },
): AlertContent {
  const caller = describeCaller(record.userIdentity);
  const account = accountLabel(context.members, key.accountId);
  const from = formatUtcTime(new Date(digest.firstAt).toISOString());
  const to = formatUtcTime(new Date(digest.lastAt).toISOString());
  const names = digest.eventNames.slice(0, listedNames).join(', ');
  const more = digest.eventNames.length > listedNames ? ` and ${digest.eventNames.length - listedNames} more names` : '';
  const calls = digest.count === 1 ? 'failed call' : 'failed calls';
  return {
    markers: ['FAILED', 'DIGEST'],
    title: `${digest.count} more ${calls} in ${key.accountId} by ${caller.shortName}`,
    summary: `${digest.count} more ${calls} by ${key.callerArn} in ${account} between ${from} and ${to}: ${names}${more}.`,
    facts: [
      { label: 'Caller ARN', value: key.callerArn },
      { label: 'Account', value: account },
      { label: 'Calls', value: String(digest.count) },
      { label: 'Call names', value: `${names}${more}` },
      { label: 'Between', value: `${from} and ${to}` },
    ],
    links: [],
    eventId: undefined,
    guardName: context.guardName,
  };
}
