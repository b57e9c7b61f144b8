import { AlertContent } from '../common/alert-format';
import { MemberAccountSettings, accountLabel } from '../common/member-account-names';

/**
 * Hub mode: one function alerts for every account, so the alert names the account by id and name
 * first; an account the hub does not serve (the bus should have refused its event) is marked.
 * Standalone (no member directory): the alert as it was. Pure.
 */
export function withAccountName(content: AlertContent, accountId: string | undefined, members: MemberAccountSettings): AlertContent {
  if (!members.directory) return content;
  if (!accountId) return { ...content, markers: [...content.markers, 'NO ACCOUNT'] };
  const known = members.directory.accounts.has(accountId);
  return {
    ...content,
    markers: known ? content.markers : [...content.markers, 'UNKNOWN ACCOUNT'],
    facts: [{ label: 'Account', value: known ? accountLabel(members, accountId) : `${accountId} (not an account this hub serves)` }, ...content.facts],
  };
}
