/**
 * What to do with one IAM user: pure functions from the user's facts and the guard's settings to a
 * decision. No AWS call in here; the handler gathers the facts and carries the decision out.
 */
import { RegionDenyPolicy } from './region-deny-policy';

/** The facts about one user that the decision needs. */
export interface UserFacts {
  readonly userName: string;
  /** IAM path, e.g. `/` or `/service/ci/`. */
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
  /**
   * The guard's inline policy on the user as IAM returns it (URL-encoded JSON text), or undefined
   * when the user has no inline policy of that name.
   */
  readonly currentPolicyDocument?: string;
}

/** Users the guard leaves alone. */
export interface Exemptions {
  /** A user whose path starts with one of these (e.g. `/break-glass/`) is exempt. */
  readonly pathPrefixes: readonly string[];
  /** A user carrying this tag with any value but `false` is exempt. */
  readonly tagKey: string;
}

export type UserDecision =
  | { readonly action: 'skip'; readonly outcome: 'exempt' | 'in-place'; readonly reason: string }
  | { readonly action: 'put'; readonly outcome: 'missing' | 'differs'; readonly reason: string };

/** Why the user is exempt, or undefined when it is not. */
export function exemptionOf(user: Pick<UserFacts, 'path' | 'tags'>, exemptions: Exemptions): string | undefined {
  const prefix = exemptions.pathPrefixes.find((candidate) => user.path.startsWith(candidate));
  if (prefix) return `path ${user.path} is under the exempt path ${prefix}`;
  const tagValue = user.tags[exemptions.tagKey];
  if (tagValue !== undefined && tagValue.toLowerCase() !== 'false') return `tag ${exemptions.tagKey}=${tagValue}`;
  return undefined;
}

/** JSON text with object keys sorted at every level: equal documents give equal text. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Whether the document a user holds is the guard's deny. IAM returns policy documents URL-encoded
 * (RFC 3986); anything that does not decode and parse is, by definition, not the guard's deny.
 */
export function holdsDeny(currentPolicyDocument: string, desired: RegionDenyPolicy): boolean {
  let current: unknown;
  try {
    current = JSON.parse(decodeURIComponent(currentPolicyDocument));
  } catch {
    return false;
  }
  return canonicalJson(current) === canonicalJson(desired);
}

/**
 * Exempt users are left as they are (the guard never removes its policy); any other user must hold
 * exactly the deny: missing or different (deleted, replaced, or from older settings), it is put.
 */
export function decideForUser(user: UserFacts, desired: RegionDenyPolicy, exemptions: Exemptions): UserDecision {
  const exemption = exemptionOf(user, exemptions);
  if (exemption) return { action: 'skip', outcome: 'exempt', reason: `exempt: ${exemption}` };
  if (user.currentPolicyDocument === undefined) return { action: 'put', outcome: 'missing', reason: 'the user has no region deny' };
  if (holdsDeny(user.currentPolicyDocument, desired)) return { action: 'skip', outcome: 'in-place', reason: 'the user already holds the region deny' };
  return { action: 'put', outcome: 'differs', reason: 'the user holds a policy of the guard\'s name that is not the region deny' };
}

/** One page of users, sorted into what the reconciliation does with each. */
export interface ReconciliationPlan {
  readonly put: readonly { readonly userName: string; readonly outcome: 'missing' | 'differs' }[];
  readonly exempt: readonly string[];
  readonly inPlace: number;
}

export function planReconciliation(users: readonly UserFacts[], desired: RegionDenyPolicy, exemptions: Exemptions): ReconciliationPlan {
  const put: { userName: string; outcome: 'missing' | 'differs' }[] = [];
  const exempt: string[] = [];
  let inPlace = 0;
  for (const user of users) {
    const decision = decideForUser(user, desired, exemptions);
    if (decision.action === 'put') put.push({ userName: user.userName, outcome: decision.outcome });
    else if (decision.outcome === 'exempt') exempt.push(user.userName);
    else inPlace += 1;
  }
  return { put, exempt, inPlace };
}
