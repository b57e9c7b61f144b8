/**
 * The violations the examples are known to hold, in one place: a rule's example check fails when one
 * of them is fixed (remove it here) and when a new one appears. None today: the two-hop tamper and
 * alarm paths and the unscoped organization Config rule permissions of issue 19 are fixed.
 */
export interface KnownViolation {
  readonly resource: string;
  /** Text the rule's message holds. */
  readonly finding: string;
  readonly fixedBy: string;
}

export const expectedViolations: Readonly<Record<string, Readonly<Record<string, readonly KnownViolation[]>>>> = {};
