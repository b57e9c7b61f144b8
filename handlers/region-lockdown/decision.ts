/**
 * What to do with one IAM user: pure functions from the user's facts and the guard's settings to a
 * decision. No AWS call in here; the handler gathers the facts and carries the decision out.
 */

/** The facts about one user that the decision needs. */
export interface UserFacts {
  readonly userName: string;
  /** IAM path, e.g. `/` or `/service/ci/`. */
  readonly path: string;
  readonly tags: Readonly<Record<string, string>>;
  /** ARNs of the managed policies attached to the user. */
  readonly attachedPolicyArns: readonly string[];
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
  | { readonly action: 'attach'; readonly outcome: 'missing'; readonly missingPolicyArns: readonly string[]; readonly reason: string };

/** Why the user is exempt, or undefined when it is not. */
export function exemptionOf(user: Pick<UserFacts, 'path' | 'tags'>, exemptions: Exemptions): string | undefined {
  const prefix = exemptions.pathPrefixes.find((candidate) => user.path.startsWith(candidate));
  if (prefix) return `path ${user.path} is under the exempt path ${prefix}`;
  const tagValue = user.tags[exemptions.tagKey];
  if (tagValue !== undefined && tagValue.toLowerCase() !== 'false') return `tag ${exemptions.tagKey}=${tagValue}`;
  return undefined;
}

/**
 * Exempt users are left as they are (the guard never detaches its policy); any other user must have
 * every one of the guard's deny policies attached: those missing are attached. The policies' content
 * is Terraform's, so an attached policy is the deny by definition.
 */
export function decideForUser(user: UserFacts, denyPolicyArns: readonly string[], exemptions: Exemptions): UserDecision {
  const exemption = exemptionOf(user, exemptions);
  if (exemption) return { action: 'skip', outcome: 'exempt', reason: `exempt: ${exemption}` };
  const missingPolicyArns = denyPolicyArns.filter((arn) => !user.attachedPolicyArns.includes(arn));
  if (missingPolicyArns.length === 0) return { action: 'skip', outcome: 'in-place', reason: 'the user already has the region deny attached' };
  return { action: 'attach', outcome: 'missing', missingPolicyArns, reason: `the user lacks ${missingPolicyArns.join(', ')}` };
}

/** One page of users, sorted into what the reconciliation does with each. */
export interface ReconciliationPlan {
  readonly attach: readonly { readonly userName: string; readonly missingPolicyArns: readonly string[] }[];
  readonly exempt: readonly string[];
  readonly inPlace: number;
}

export function planReconciliation(users: readonly UserFacts[], denyPolicyArns: readonly string[], exemptions: Exemptions): ReconciliationPlan {
  const attach: { userName: string; missingPolicyArns: readonly string[] }[] = [];
  const exempt: string[] = [];
  let inPlace = 0;
  for (const user of users) {
    const decision = decideForUser(user, denyPolicyArns, exemptions);
    if (decision.action === 'attach') attach.push({ userName: user.userName, missingPolicyArns: decision.missingPolicyArns });
    else if (decision.outcome === 'exempt') exempt.push(user.userName);
    else inPlace += 1;
  }
  return { attach, exempt, inPlace };
}
