import type { GuardDutyGates } from './guardduty-gates';
import type { QuarantineEnvironment } from './contract';
import { quarantineEnvironment } from './contract';
import type { StateScope } from './state-record';

/** The trigger gates of issue 19, each required (the contract leaves them optional only for the writers' sake). */
export interface TriggerSettings {
  readonly alarmedInstances: readonly string[];
  readonly maxQuarantinesPerHour: number;
  readonly guardDutyGates: GuardDutyGates;
}

function required<T>(value: T | undefined, variable: { readonly name: string }): T {
  if (value === undefined) throw new Error(`${variable.name} environment variable is not set`);
  return value;
}

export function readTriggerSettings(environment: QuarantineEnvironment): TriggerSettings {
  const spec = quarantineEnvironment;
  return {
    alarmedInstances: required(environment.alarmedInstances, spec.alarmedInstances),
    maxQuarantinesPerHour: required(environment.maxQuarantinesPerHour, spec.maxQuarantinesPerHour),
    guardDutyGates: {
      act: required(environment.guardDutyActOnTypes, spec.guardDutyActOnTypes),
      approval: required(environment.guardDutyApprovalTypes, spec.guardDutyApprovalTypes),
      notify: required(environment.guardDutyNotifyTypes, spec.guardDutyNotifyTypes),
    },
  };
}

/**
 * The alarmed instances of the account acted in: standalone entries are bare instance ids, hub
 * entries `<account id>/<instance id>` (an account's alarm never vouches for another's instance).
 */
export function alarmedInstanceIdsOf(entries: readonly string[], scope: StateScope | undefined): string[] {
  if (!scope) return entries.filter((entry) => !entry.includes('/'));
  const prefix = `${scope.accountId}/`;
  return entries.filter((entry) => entry.startsWith(prefix)).map((entry) => entry.slice(prefix.length));
}
