/**
 * An EventBridge event pattern. What a member forwards and what the hub routes to a guard's
 * function come from one definition (the guard's `memberEvents` hook), so they cannot drift apart.
 */
export type EventPattern = Record<string, unknown>;

/** One pattern for several: `$or` keeps a member region at one rule and one target. */
export function anyOf(patterns: readonly EventPattern[]): EventPattern {
  if (patterns.length === 0) throw new Error('anyOf: no pattern');
  return patterns.length === 1 ? patterns[0] : { $or: [...patterns] };
}
