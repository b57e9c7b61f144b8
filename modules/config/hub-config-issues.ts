import type { ConfigIssue } from '../common/config-issue';
import { hubMemberDirectoryBucketName, s3BucketNameMaxLength } from '../common/hub-names';
import { guardRegistry } from '../stacks/guard-registry';
import type { HubSettings } from './hub-settings';

/** The parts of the guards config the hub checks read (structural, so that the config can call them). */
interface ConfigWithHub {
  readonly name: string;
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly hub?: HubSettings;
  readonly accounts: readonly {
    readonly id: string;
    readonly name: string;
    readonly regions?: readonly string[];
    readonly guards?: Readonly<Record<string, unknown>>;
  }[];
  readonly guards: Readonly<Record<string, unknown>>;
  readonly handlerCode: { readonly source: string; readonly organizationId?: string };
}

/** The guards hub mode runs (their definitions' `hubMode`), by config key; the others stay in standalone mode. */
const hubModeGuards = new Map(guardRegistry.flatMap((guard) => (guard.hubMode ? [[guard.configKey as string, guard.hubMode] as const] : [])));

type Settings = Readonly<Record<string, unknown>> | undefined;

/** Every hub-mode mistake of a config, each naming its field. Empty when `hub` is absent. */
export function hubConfigIssues(config: ConfigWithHub): ConfigIssue[] {
  const hub = config.hub;
  if (!hub) return [];
  const issues: ConfigIssue[] = [];
  const hubIndex = config.accounts.findIndex((account) => account.name === hub.account);
  if (hubIndex < 0) {
    issues.push({ path: ['hub', 'account'], message: `must be the name of one of accounts (${config.accounts.map((account) => account.name).join(', ')})` });
  } else {
    const hubRegions = config.accounts[hubIndex].regions;
    const memberRegions = [...new Set([...config.regions, ...config.accounts.flatMap((account) => account.regions ?? [])])];
    const missing = hubRegions ? memberRegions.filter((region) => !hubRegions.includes(region)) : [];
    if (missing.length > 0) {
      issues.push({
        path: ['accounts', hubIndex, 'regions'],
        message: `the hub account runs the guards of every member region; add ${missing.join(', ')} (or remove its own regions list)`,
      });
    }
    // S3 bucket names are global and at most 63 characters: the member directory's names the hub account and region.
    const tooLong = memberRegions
      .map((region) => hubMemberDirectoryBucketName(config.name, config.accounts[hubIndex].id, region))
      .filter((bucket) => bucket.length > s3BucketNameMaxLength);
    if (tooLong.length > 0) {
      issues.push({
        path: ['name'],
        message: `too long for the hub's member directory bucket ${tooLong[0]} (${tooLong[0].length} characters, S3 allows ${s3BucketNameMaxLength}); shorten the name`,
      });
    }
  }
  config.accounts.forEach((account, index) => {
    // The hub stacks are named hub-<region>; an account named hub would have spokes of the same names.
    if (account.name === 'hub') issues.push({ path: ['accounts', index, 'name'], message: 'hub is reserved for the hub stacks in hub mode' });
  });
  if (config.handlerCode.organizationId && config.handlerCode.organizationId !== hub.organizationId) {
    issues.push({
      path: ['handlerCode', 'organizationId'],
      message: `names ${config.handlerCode.organizationId}, but hub.organizationId is ${hub.organizationId}`,
    });
  }

  const levels: { path: (string | number)[]; guards: Readonly<Record<string, unknown>>; isAccount: boolean }[] = [
    { path: ['guards'], guards: config.guards, isAccount: false },
    ...config.accounts.map((account, index) => ({ path: ['accounts', index, 'guards'], guards: account.guards ?? {}, isAccount: true })),
  ];
  for (const level of levels) {
    for (const [key, value] of Object.entries(level.guards)) {
      const settings = value as Settings;
      if (!settings) continue;
      const path = [...level.path, key];
      const hooks = hubModeGuards.get(key);
      if (!hooks) {
        if (settings.enabled !== false) {
          issues.push({ path, message: `not available in hub mode yet: remove it, set enabled: false, or deploy without hub (standalone mode)` });
        }
        continue;
      }
      if (level.isAccount) {
        for (const setting of Object.keys(settings)) {
          if (!(hooks.perAccountSettings as readonly string[]).includes(setting)) {
            issues.push({
              path: [...path, setting],
              message: `one hub function serves every account: set it under guards.${key} (per account, hub mode takes only ${hooks.perAccountSettings.join(', ')})`,
            });
          }
        }
      }
      issues.push(...hooks.hubSettingsIssues(settings, { path, isAccount: level.isAccount, hub, homeRegion: config.homeRegion }));
    }
  }
  return issues;
}
