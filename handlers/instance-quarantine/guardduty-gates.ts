/**
 * Which GuardDuty findings quarantine at once, which wait for a person, which only alert (issue 19):
 * a finding type is matched against the configured lists, each entry an exact type or a prefix
 * ending in `*`. The longest matching entry decides (an exact `...!DNS` type in the approval list
 * wins over `Trojan:EC2/*` in the act list); on a tie the safer list wins; a type no list names only
 * alerts. Pure.
 */
export type GuardDutyGate = 'act' | 'approval' | 'notify';

export interface GuardDutyGates {
  readonly act: readonly string[];
  readonly approval: readonly string[];
  readonly notify: readonly string[];
}

/** Safer first: on a tie of equally long entries, the earlier gate wins. */
const gatesBySafety: readonly GuardDutyGate[] = ['notify', 'approval', 'act'];

function matchLength(entry: string, findingType: string): number {
  if (entry.endsWith('*')) return findingType.startsWith(entry.slice(0, -1)) ? entry.length - 1 : -1;
  // An exact entry beats any prefix of the same length.
  return entry === findingType ? entry.length + 1 : -1;
}

export interface GateDecision {
  readonly gate: GuardDutyGate;
  /** The list entry that decided, or undefined when no list names the type. */
  readonly entry?: string;
}

export function gateOfFinding(findingType: string, gates: GuardDutyGates): GateDecision {
  let best: { gate: GuardDutyGate; entry: string; length: number } | undefined;
  for (const gate of gatesBySafety) {
    for (const entry of gates[gate]) {
      const length = matchLength(entry, findingType);
      if (length >= 0 && (!best || length > best.length)) best = { gate, entry, length };
    }
  }
  return best ? { gate: best.gate, entry: best.entry } : { gate: 'notify' };
}
