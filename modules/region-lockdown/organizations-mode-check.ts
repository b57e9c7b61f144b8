import { mergeGuardSettings } from '../config/merge-guard-settings';
import type { ConfigIssue } from '../common/config-issue';
import type { RegionLockdownSettings } from './settings';

/** The parts of the guards config the check reads (structural, so that the config can call it). */
interface ConfigWithRegionLockdown {
  readonly accounts: readonly { readonly id: string; readonly guards?: { readonly regionLockdown?: RegionLockdownSettings } }[];
  readonly guards: { readonly regionLockdown?: RegionLockdownSettings };
}

/**
 * Organizations mode names the account whose stack creates the service control policy. Only that
 * account's home-region stack creates it, with the account's merged settings, so a policy would
 * silently never exist if the id named no account of the config, an account with the guard off, or
 * an account whose own settings name another one. Called from the guards config's validation.
 */
export function regionLockdownConfigIssues(config: ConfigWithRegionLockdown): ConfigIssue[] {
  const organizationLevel = config.guards.regionLockdown;
  const merged = (id: string): RegionLockdownSettings | undefined =>
    mergeGuardSettings(organizationLevel, config.accounts.find((candidate) => candidate.id === id)?.guards?.regionLockdown);
  const declarations = [
    ...(organizationLevel?.organizationsMode
      ? [{ path: ['guards', 'regionLockdown'], managementAccountId: organizationLevel.organizationsMode.managementAccountId }]
      : []),
    ...config.accounts.flatMap((account, index) => {
      const mode = account.guards?.regionLockdown?.organizationsMode;
      return mode ? [{ path: ['accounts', index, 'guards', 'regionLockdown'], managementAccountId: mode.managementAccountId }] : [];
    }),
  ];
  const issues: ConfigIssue[] = [];
  for (const declaration of declarations) {
    const id = declaration.managementAccountId;
    const path = [...declaration.path, 'organizationsMode', 'managementAccountId'];
    const settings = merged(id);
    if (!config.accounts.some((account) => account.id === id)) {
      issues.push({ path, message: `${id} is not the id of one of accounts: the service control policy is created in that account's home-region stack` });
    } else if (!settings || settings.enabled === false) {
      issues.push({ path, message: `account ${id} has regionLockdown switched off, so the service control policy would never be created` });
    } else if (settings.organizationsMode?.managementAccountId !== id) {
      issues.push({
        path,
        message: `account ${id}'s own regionLockdown settings do not name it as managementAccountId, so its stack would not create the service control policy`,
      });
    }
  }
  return issues;
}
