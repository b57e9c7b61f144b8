import { Verdict, verdict } from '../config-rule/verdict';
import { ActiveAccessKey, CredentialUse, latestUse } from './credential-use';
import { InactivityPolicy } from './contract';

/** What the rule needs to know of a user. */
export interface UserFacts {
  readonly userName: string;
  readonly createdAt: Date;
  /** Every known use of its password and access keys; empty when it never used one. */
  readonly uses: readonly CredentialUse[];
  /** Its active access keys, for judging each credential; undefined when unknown. */
  readonly activeAccessKeys?: readonly ActiveAccessKey[];
  readonly tags: Readonly<Record<string, string>>;
}

const dayMs = 24 * 60 * 60 * 1000;

const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
const wholeDaysBetween = (earlier: Date, later: Date): number => Math.max(0, Math.floor((later.getTime() - earlier.getTime()) / dayMs));
const daysText = (days: number): string => `${days} day${days === 1 ? '' : 's'}`;

/**
 * NON_COMPLIANT when the user's latest use of any credential is more than `maxInactiveDays`
 * (24-hour periods, to the millisecond) before `now`; exactly at the limit is still COMPLIANT. A
 * user that never used one is judged by its creation date against `newUserGraceDays`. Exempt users
 * (by name, or by a tag whose value is not `false`) are COMPLIANT. With `judgeEachCredential`, an
 * active access key idle (since its last use, or its creation when never used) for more than
 * `maxInactiveDays` is NON_COMPLIANT on its own, whatever the user's other credentials do.
 */
export function decideUser(user: UserFacts, policy: InactivityPolicy, now: Date): Verdict {
  const name = user.userName;
  if (policy.exemptUserNames.has(name)) return verdict('COMPLIANT', `${name}: exempt by name (rule parameter exemptUserNames)`);
  const tagValue = policy.exemptTagKey === undefined ? undefined : user.tags[policy.exemptTagKey];
  if (tagValue !== undefined && tagValue.trim().toLowerCase() !== 'false') return verdict('COMPLIANT', `${name}: exempt by tag ${policy.exemptTagKey}`);

  if (policy.judgeEachCredential) {
    const stale = staleAccessKey(user, policy, now);
    if (stale) return stale;
  }
  const latest = latestUse(user.uses);
  if (latest) {
    const idleDays = wholeDaysBetween(latest.at, now);
    if (now.getTime() - latest.at.getTime() > policy.maxInactiveDays * dayMs) {
      return verdict(
        'NON_COMPLIANT',
        `${name}: no password or access key used for ${daysText(idleDays)}, more than the ${policy.maxInactiveDays} allowed (last: ${latest.credential} on ${isoDate(latest.at)})`,
      );
    }
    return verdict(
      'COMPLIANT',
      `${name}: last used its ${latest.credential} ${daysText(idleDays)} ago (${isoDate(latest.at)}); the limit is ${policy.maxInactiveDays}`,
    );
  }
  const ageDays = wholeDaysBetween(user.createdAt, now);
  if (now.getTime() - user.createdAt.getTime() > policy.newUserGraceDays * dayMs) {
    return verdict(
      'NON_COMPLIANT',
      `${name}: never used a password or access key in the ${daysText(ageDays)} since it was created (${isoDate(user.createdAt)}); new users have ${policy.newUserGraceDays}`,
    );
  }
  return verdict(
    'COMPLIANT',
    `${name}: created ${daysText(ageDays)} ago (${isoDate(user.createdAt)}), no credential used yet; new users have ${policy.newUserGraceDays} days`,
  );
}

/** The verdict on the first active access key idle beyond the limit, if any. */
function staleAccessKey(user: UserFacts, policy: InactivityPolicy, now: Date): Verdict | undefined {
  if (user.activeAccessKeys === undefined) {
    // Judging each credential needs the list of active keys: without it the rule cannot say COMPLIANT.
    return verdict(
      'NON_COMPLIANT',
      `${user.userName}: the active access keys are unknown, so each credential cannot be judged (rule parameter judgeEachCredential)`,
    );
  }
  for (const key of user.activeAccessKeys) {
    const since = key.lastUsedAt ?? key.createdAt ?? user.createdAt;
    if (now.getTime() - since.getTime() > policy.maxInactiveDays * dayMs) {
      const what = key.lastUsedAt ? `last used ${isoDate(key.lastUsedAt)}` : `never used since ${isoDate(since)}`;
      return verdict(
        'NON_COMPLIANT',
        `${user.userName}: active ${key.credential} unused for ${daysText(wholeDaysBetween(since, now))}, more than the ${policy.maxInactiveDays} allowed (${what}); deactivate or delete it`,
      );
    }
  }
  return undefined;
}
