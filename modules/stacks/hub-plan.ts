import { GuardsConfig, GuardsConfigAccount } from '../config/guards-config';
import { guardRegistry } from './guard-registry';
import { hubAccountOf, hubStackName } from '../common/hub-names';
import { PlacedGuard, StackSelection, checkSelection, placedGuard, resolvedSettings, stackName } from './org-plan';

/** A hub stack: the hub account's guard functions, bus and alert path in one region. */
export interface HubStackPlan {
  readonly kind: 'hub';
  /** `hub-<region>`. */
  readonly name: string;
  readonly account: GuardsConfigAccount;
  readonly region: string;
  readonly isHomeRegion: boolean;
  /** The hub guards of this region, with the organization's settings (resolved over the defaults). */
  readonly guards: readonly PlacedGuard[];
  /** Every hub region, for the cross-region alert hop and the trust of spoke roles. */
  readonly hubRegions: readonly string[];
  /** The accounts with a spoke in this region (the hub's own included): the heartbeats the hub expects here. */
  readonly servedAccounts: readonly GuardsConfigAccount[];
}

/** A spoke stack: one member account in one region, forwarding to the hub. */
export interface SpokeStackPlan {
  readonly kind: 'spoke';
  /** `<account>-<region>`, as in standalone mode. */
  readonly name: string;
  readonly account: GuardsConfigAccount;
  readonly region: string;
  readonly isHomeRegion: boolean;
  /** The guards whose events this member forwards, with the account's settings merged over the organization's and the defaults. */
  readonly guards: readonly PlacedGuard[];
  /** Regions where the hub runs each guard: the remediation role trusts those regions' hub roles. */
  readonly hubRegionsByGuard: Readonly<Record<string, readonly string[]>>;
}

/** The guards hub mode runs: those whose definition has `hubMode`. */
export const hubGuardDefinitions = guardRegistry.filter((definition) => definition.hubMode);

function memberGuards(config: GuardsConfig, account: GuardsConfigAccount, isHomeRegion: boolean): PlacedGuard[] {
  return hubGuardDefinitions.flatMap((definition): PlacedGuard[] => {
    if (definition.scope === 'global' && !isHomeRegion) return [];
    const placed = placedGuard(config, account, definition);
    return placed ? [placed] : [];
  });
}

/**
 * The stacks of hub mode: a hub stack in every region a member uses (regional guards there,
 * account-wide guards in the home region only), and a spoke stack per member (account, region)
 * with a guard switched on, the hub account included (its own resources are watched too).
 * Pure: the same config gives the same plan. The selection filters spokes by account and region,
 * and hub stacks by region.
 */
export function planHubStacks(config: GuardsConfig, selection: StackSelection = {}): (HubStackPlan | SpokeStackPlan)[] {
  checkSelection(config, selection);
  const hubAccount = hubAccountOf(config);
  const allSpokes: Omit<SpokeStackPlan, 'hubRegionsByGuard'>[] = [];
  for (const account of config.accounts) {
    // One guards list for the home region and one for every other region of the account, shared by
    // its spokes (read-only): a list per spoke was 1.4 KB each, 236 MB at 10,000 x 17.
    const guardsIn = { home: memberGuards(config, account, true), other: memberGuards(config, account, false) };
    for (const region of account.regions ?? config.regions) {
      const isHomeRegion = region === config.homeRegion;
      const guards = isHomeRegion ? guardsIn.home : guardsIn.other;
      if (guards.length > 0) allSpokes.push({ kind: 'spoke', name: stackName(account, region), account, region, isHomeRegion, guards });
    }
  }
  const hubRegionsByGuard: Record<string, string[]> = {};
  for (const spoke of allSpokes) {
    for (const guard of spoke.guards) {
      const regions = (hubRegionsByGuard[guard.definition.name] ??= []);
      if (!regions.includes(spoke.region)) regions.push(spoke.region);
    }
  }
  const hubRegions = [...new Set(allSpokes.map((spoke) => spoke.region))];
  const hubs: HubStackPlan[] = hubRegions.map((region) => ({
    kind: 'hub',
    name: hubStackName(region),
    account: hubAccount,
    region,
    isHomeRegion: region === config.homeRegion,
    guards: hubGuardDefinitions.flatMap((definition): PlacedGuard[] => {
      if (!(hubRegionsByGuard[definition.name] ?? []).includes(region)) return [];
      return [{ definition, settings: resolvedSettings(definition, config.guards[definition.configKey] ?? {}) }];
    }),
    hubRegions,
    servedAccounts: allSpokes.filter((spoke) => spoke.region === region).map((spoke) => spoke.account),
  }));
  const wantedRegion = (region: string) => !selection.regions || selection.regions.includes(region);
  const wantedAccount = (account: GuardsConfigAccount) =>
    !selection.accounts || selection.accounts.some((wanted) => wanted === account.name || wanted === account.id);
  return [
    ...hubs.filter((hub) => wantedRegion(hub.region) && wantedAccount(hub.account)),
    ...allSpokes.filter((spoke) => wantedRegion(spoke.region) && wantedAccount(spoke.account)).map((spoke) => ({ ...spoke, hubRegionsByGuard })),
  ];
}
