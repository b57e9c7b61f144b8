import type { GuardDutyGates } from './guardduty-gates';
import type { QuarantineEnvironment } from './contract';
import { alarmedInstancesDirectoryField, quarantineEnvironment } from './contract';
import type { StateScope } from './state-record';
import { MemberDirectory, directoryList } from '../common/member-directory-format';

/** The trigger gates of issue 19, each required (the contract leaves them optional only for the writers' sake). */
export interface TriggerSettings {
  /** Standalone: the alarmed instances of ALARMED_INSTANCES. Hub mode: undefined, the member directory lists each account's. */
  readonly alarmedInstances?: readonly string[];
  readonly maxQuarantinesPerHour: number;
  readonly guardDutyGates: GuardDutyGates;
}

function required<T>(value: T | undefined, variable: { readonly name: string }): T {
  if (value === undefined) throw new Error(`${variable.name} environment variable is not set`);
  return value;
}

/** `hub`: the function serves members (its alarmed instances are in the member directory, not its environment). */
export function readTriggerSettings(environment: QuarantineEnvironment, hub: boolean): TriggerSettings {
  const spec = quarantineEnvironment;
  return {
    ...(hub ? {} : { alarmedInstances: required(environment.alarmedInstances, spec.alarmedInstances) }),
    maxQuarantinesPerHour: required(environment.maxQuarantinesPerHour, spec.maxQuarantinesPerHour),
    guardDutyGates: {
      act: required(environment.guardDutyActOnTypes, spec.guardDutyActOnTypes),
      approval: required(environment.guardDutyApprovalTypes, spec.guardDutyApprovalTypes),
      notify: required(environment.guardDutyNotifyTypes, spec.guardDutyNotifyTypes),
    },
  };
}

/**
 * The alarmed instances of the account acted in: standalone, ALARMED_INSTANCES; hub mode, the
 * account's own list in the member directory (an account's alarm never vouches for another's instance).
 */
export function alarmedInstanceIdsOf(settings: TriggerSettings, directory: MemberDirectory | undefined, scope: StateScope | undefined): readonly string[] {
  if (!scope) return required(settings.alarmedInstances, quarantineEnvironment.alarmedInstances);
  if (!directory) throw new Error('hub mode: the member directory is not loaded');
  return directoryList(directory, scope.accountId, alarmedInstancesDirectoryField);
}
