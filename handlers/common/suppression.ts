/**
 * Suppressions across guards: which events a team has decided not to be alerted about, each owned
 * and expiring. Pure (no SDK): the decision a handler asks before it alerts, and the weekly digest
 * text of what was suppressed. The config side (modules/common/suppression-settings.ts) validates
 * the list; the same shape reaches the handlers as JSON.
 */

export interface Suppression {
  /** A guard name (`sg-change-alert`) or a detection id; absent: any. */
  readonly guard?: string;
  readonly accountId?: string;
  readonly region?: string;
  /** A principal ARN, `*` matching any run of characters (`arn:aws:iam::111122223333:role/ci-*`). */
  readonly principalArn?: string;
  readonly resourceId?: string;
  /** A tag the resource carries, key and value. */
  readonly tag?: { readonly key: string; readonly value: string };
  readonly owner: string;
  readonly reason: string;
  /** The last day (UTC, YYYY-MM-DD) it applies. */
  readonly expires: string;
}

/** The facts of one event that a suppression can match. */
export interface SuppressibleEvent {
  readonly guard: string;
  /** The detection that alerts (detections guard): a suppression's `guard` may name it instead. */
  readonly detectionId?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly principalArn?: string;
  readonly resourceId?: string;
  readonly tags?: Readonly<Record<string, string>>;
}

function wildcardMatches(pattern: string, value: string): boolean {
  const expression = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`).test(value);
}

/** Whether it still applies at `now`: through the whole of its `expires` day, UTC. */
export function isActive(suppression: Suppression, now: Date): boolean {
  return now.toISOString().slice(0, 10) <= suppression.expires;
}

/** Every field a suppression sets must match; an event lacking a fact a suppression names is not suppressed. */
export function suppressionMatches(suppression: Suppression, event: SuppressibleEvent, now: Date): boolean {
  if (!isActive(suppression, now)) return false;
  if (suppression.guard !== undefined && suppression.guard !== event.guard && suppression.guard !== event.detectionId) return false;
  if (suppression.accountId !== undefined && suppression.accountId !== event.accountId) return false;
  if (suppression.region !== undefined && suppression.region !== event.region) return false;
  if (suppression.resourceId !== undefined && suppression.resourceId !== event.resourceId) return false;
  if (suppression.principalArn !== undefined && (event.principalArn === undefined || !wildcardMatches(suppression.principalArn, event.principalArn)))
    return false;
  if (suppression.tag !== undefined && event.tags?.[suppression.tag.key] !== suppression.tag.value) return false;
  return true;
}

/** The first suppression that matches, or undefined: the event is alerted. */
export function suppressionFor(suppressions: readonly Suppression[], event: SuppressibleEvent, now: Date): Suppression | undefined {
  return suppressions.find((suppression) => suppressionMatches(suppression, event, now));
}

/**
 * A short, stable name of one suppression (FNV-1a of its JSON, hex): the dimension its count is
 * kept under, the same at synth, in the alerting function and in the digest. Pure, no crypto module.
 */
export function suppressionKey(suppression: Suppression): string {
  const { guard, accountId, region, principalArn, resourceId, tag, owner, reason, expires } = suppression;
  // Field by field, so that the key does not depend on the order the config wrote them in.
  const text = JSON.stringify([guard, accountId, region, principalArn, resourceId, tag?.key, tag?.value, owner, reason, expires]);
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** What one suppression held back in the digest's week. */
export interface SuppressedCount {
  readonly suppression: Suppression;
  readonly count: number;
}

/** The one weekly digest message: what was suppressed, who owns each suppression, when each expires. */
export function suppressionDigest(counts: readonly SuppressedCount[], weekEnding: string): { subject: string; message: string } {
  const total = counts.reduce((sum, entry) => sum + entry.count, 0);
  const describe = (suppression: Suppression): string =>
    [
      suppression.guard ? `guard ${suppression.guard}` : 'any guard',
      suppression.accountId && `account ${suppression.accountId}`,
      suppression.region && `region ${suppression.region}`,
      suppression.principalArn && `principal ${suppression.principalArn}`,
      suppression.resourceId && `resource ${suppression.resourceId}`,
      suppression.tag && `tag ${suppression.tag.key}=${suppression.tag.value}`,
    ]
      .filter(Boolean)
      .join(', ');
  return {
    subject: `Suppressed alerts: ${total} in the week ending ${weekEnding}`,
    message: [
      `${total} alert(s) were suppressed in the week ending ${weekEnding}.`,
      '',
      ...counts.map(
        (entry) =>
          `- ${entry.count} x ${describe(entry.suppression)}: owner ${entry.suppression.owner}, expires ${entry.suppression.expires}; reason: ${entry.suppression.reason}`,
      ),
    ].join('\n'),
  };
}
