import { GuardsConfig, GuardsConfigAccount, GuardsSettings } from '../config/guards-config';
import { mergeGuardSettings } from '../config/merge-guard-settings';
import { GuardDefinition, RegisteredGuard, guardRegistry } from './guard-registry';

/**
 * A guard placed in a stack, with its settings resolved once: the account's over the
 * organization's over the guard's documented defaults. The guard's construct and hub hooks receive
 * these as its own settings type (its definition is written with it).
 */
export interface PlacedGuard {
  readonly definition: GuardDefinition;
  readonly settings: Record<string, unknown>;
}

/** One (account, region) stack and the guards it holds. */
export interface StackPlan {
  /** `<account name>-<region>`: the stack's name, folder in cdktf.out and default state name. */
  readonly name: string;
  readonly account: GuardsConfigAccount;
  readonly region: string;
  readonly isHomeRegion: boolean;
  readonly guards: readonly PlacedGuard[];
}

/** Which stacks to synthesize: account names or ids, and regions; all when absent. */
export interface StackSelection {
  readonly accounts?: readonly string[];
  readonly regions?: readonly string[];
}

export function stackName(account: GuardsConfigAccount, region: string): string {
  return `${account.name}-${region}`;
}

/** The settings of one guard for one account: the account's over the organization's (mergeGuardSettings). */
export function mergedSettings(config: GuardsConfig, account: GuardsConfigAccount, key: keyof GuardsSettings): Record<string, unknown> | undefined {
  return mergeGuardSettings<Record<string, unknown>>(config.guards[key], account.guards?.[key]);
}

/** The guard's settings as its construct and hooks receive them: the config's levels over its defaults. */
export function resolvedSettings(definition: GuardDefinition, configured: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...definition.defaults, ...configured };
}

/** The guard placed for one account, when the account has it switched on. */
export function placedGuard(config: GuardsConfig, account: GuardsConfigAccount, definition: RegisteredGuard): PlacedGuard | undefined {
  const settings = mergedSettings(config, account, definition.configKey);
  if (!settings || settings.enabled === false) return undefined;
  return { definition, settings: resolvedSettings(definition, settings) };
}

/**
 * Places every switched-on guard: regional guards in every region of the account, global guards
 * once per account in the home region. Pure: the same config gives the same plan.
 */
export function planStacks(config: GuardsConfig, selection: StackSelection = {}): StackPlan[] {
  checkSelection(config, selection);
  const plans: StackPlan[] = [];
  for (const account of config.accounts) {
    if (selection.accounts && !selection.accounts.some((wanted) => wanted === account.name || wanted === account.id)) continue;
    for (const region of account.regions ?? config.regions) {
      if (selection.regions && !selection.regions.includes(region)) continue;
      const isHomeRegion = region === config.homeRegion;
      const guards = guardRegistry.flatMap((definition): PlacedGuard[] => {
        if (definition.scope === 'global' && !isHomeRegion) return [];
        const placed = placedGuard(config, account, definition);
        return placed ? [placed] : [];
      });
      if (guards.length > 0) plans.push({ name: stackName(account, region), account, region, isHomeRegion, guards });
    }
  }
  return plans;
}

export function checkSelection(config: GuardsConfig, selection: StackSelection): void {
  const unknownAccounts = (selection.accounts ?? []).filter((wanted) => !config.accounts.some((account) => account.name === wanted || account.id === wanted));
  const allRegions = new Set([...config.regions, ...config.accounts.flatMap((account) => account.regions ?? [])]);
  const unknownRegions = (selection.regions ?? []).filter((region) => !allRegions.has(region));
  const problems = [
    ...unknownAccounts.map((name) => `--accounts: ${name} is not an account name or id of the config`),
    ...unknownRegions.map((region) => `--regions: ${region} is not a region of the config`),
  ];
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
