/**
 * The one merge of a guard's settings at the two levels of the config: the account's own keys over
 * the organization's, key by key (a list set for the account replaces the organization's list).
 * Undefined when neither level mentions the guard, so that "not configured" stays distinct from
 * "configured with defaults". Standalone plans, hub-mode spokes and the config's own checks all call it.
 */
export function mergeGuardSettings<Settings extends object>(organizationLevel: Settings | undefined, accountLevel: Settings | undefined): Settings | undefined {
  if (!organizationLevel && !accountLevel) return undefined;
  return { ...organizationLevel, ...accountLevel } as Settings;
}
