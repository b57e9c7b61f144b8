/**
 * Hub mode for the region-lockdown function: which member account an invocation is about (the
 * `account` of a forwarded CloudTrail event or of the member's reconcile tick; `accountId` of a
 * manual `{"action": "reconcile"}`), and the alert when the guard cannot act there. Standalone:
 * not used (no remote role in the environment).
 */
import { InvalidEventError } from '../common/errors';
import { MemberAccountSettings, UnknownAccountError, accountLabel } from '../common/member-accounts';
import type { FormattedAlert } from '../common/alert-format';

const accountIdPattern = /^\d{12}$/;

/** The member account an event names; throws naming the field when it names none. */
export function memberAccountOf(event: unknown): string {
  const fields = typeof event === 'object' && event !== null && !Array.isArray(event) ? (event as Record<string, unknown>) : {};
  const field = fields.action !== undefined ? 'accountId' : 'account';
  const value = fields[field];
  if (typeof value !== 'string' || !accountIdPattern.test(value)) {
    throw new InvalidEventError(`${field}: hub mode needs the member account (12 digits) the event is about, got ${JSON.stringify(value)}`, 'hub');
  }
  return value;
}

/** The EventBridge event id, for the STS session name (CloudTrail's own id when there is one). */
export function eventIdOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const fields = event as Record<string, unknown>;
  const detail = fields.detail as Record<string, unknown> | undefined;
  const id = typeof detail?.eventID === 'string' ? detail.eventID : fields.id;
  return typeof id === 'string' ? id : undefined;
}

/** `Account: <id> (<name>), region <region>`: every hub alert names where it happened. */
export function whereText(settings: MemberAccountSettings, accountId: string, region: string): string {
  return `${accountLabel(settings, accountId)}, region ${region}`;
}

/** The guard could not act in the member: nothing was changed there, and a person must know. */
export function cannotActAlert(settings: MemberAccountSettings, accountId: string | undefined, region: string, error: Error): FormattedAlert {
  const where = accountId ? whereText(settings, accountId, region) : 'an unnamed account';
  return {
    subject: `[REGION LOCKDOWN NOT DONE] ${accountId ? accountLabel(settings, accountId) : 'unknown account'}: ${error.name}`.slice(0, 100),
    message: [
      `REGION LOCKDOWN NOT DONE in account ${where}.`,
      `The guard refused or could not act: ${error.message}`,
      error instanceof UnknownAccountError
        ? 'The account is not one the hub serves: check who sent this event (the hub bus accepts only the organization).'
        : "Check the member's region-lockdown remediation role (made by its home-region spoke stack) and its trust in the hub function's role.",
      "Nothing was changed; the event waits in the function's failure queue.",
    ].join('\n'),
  };
}

/** A hub alert: the subject and the first line name the member account and region. */
export function inMember(alert: FormattedAlert | undefined, settings: MemberAccountSettings, accountId: string, region: string): FormattedAlert | undefined {
  if (!alert) return undefined;
  const label = accountLabel(settings, accountId);
  const subject = `${alert.subject} [${label}]`;
  return {
    subject: subject.length <= 100 ? subject : `${subject.slice(0, 97)}...`,
    message: `Account: ${whereText(settings, accountId, region)}\n${alert.message}`,
  };
}
