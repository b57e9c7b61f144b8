import type { ConfigIssue } from '../region-lockdown/organizations-mode-check';
import { guardRegistry } from '../stacks/guard-registry';
import type { HubSettings } from './hub-settings';

/** The parts of the guards config the hub checks read (structural, so that the config can call them). */
interface ConfigWithHub {
  readonly homeRegion: string;
  readonly regions: readonly string[];
  readonly hub?: HubSettings;
  readonly accounts: readonly { readonly name: string; readonly regions?: readonly string[]; readonly guards?: Readonly<Record<string, unknown>> }[];
  readonly guards: Readonly<Record<string, unknown>>;
  readonly handlerCode: { readonly source: string; readonly organizationId?: string };
}

/** Config keys of the guards hub mode runs (their definitions' `hubMode`); the others stay in standalone mode. */
export const hubModeGuards: readonly string[] = guardRegistry.filter((guard) => guard.hubMode).map((guard) => guard.configKey);

/** Guards that run as AWS Config organization rules in hub mode (`hub.configRules: organization`). */
const organizationRuleGuards: readonly string[] = ['exposedPortsRule', 'inactiveUserRule'];

/** Settings an account may override in hub mode, by config key (each guard's `hubMode.perAccountSettings`). */
const perAccountKeysInHubMode: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  guardRegistry.flatMap((guard) => (guard.hubMode ? [[guard.configKey, guard.hubMode.perAccountSettings]] : [])),
);

type Settings = Readonly<Record<string, unknown>> | undefined;

function isOn(settings: Settings): boolean {
  return settings !== undefined && settings.enabled !== false;
}

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
      if (!(hubModeGuards as readonly string[]).includes(key)) {
        if (isOn(settings)) {
          issues.push({ path, message: `not available in hub mode yet: remove it, set enabled: false, or deploy without hub (standalone mode)` });
        }
        continue;
      }
      if (level.isAccount) {
        for (const setting of Object.keys(settings)) {
          if (!perAccountKeysInHubMode[key].includes(setting)) {
            issues.push({
              path: [...path, setting],
              message: `one hub function serves every account: set it under guards.${key} (per account, hub mode takes only ${perAccountKeysInHubMode[key].join(', ')})`,
            });
          }
        }
      } else if (key === 'instanceQuarantine' && Array.isArray(settings.alarmInstances) && settings.alarmInstances.length > 0) {
        issues.push({
          path: [...path, 'alarmInstances'],
          message: 'an instance belongs to one account: list it under accounts[n].guards.instanceQuarantine.alarmInstances',
        });
      }
      issues.push(...modeSpecificIssues(key, settings, path, hub, config.homeRegion));
    }
  }
  return issues;
}

/** Settings that only make sense in standalone mode. */
function modeSpecificIssues(
  key: string,
  settings: Readonly<Record<string, unknown>>,
  path: (string | number)[],
  hub: HubSettings,
  homeRegion: string,
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (settings.createTrail === true) {
    issues.push({ path: [...path, 'createTrail'], message: 'hub mode reads the organization trail (hub.organizationTrail) instead of a trail per account' });
  }
  if (settings.trailLogGroupName !== undefined) {
    issues.push({ path: [...path, 'trailLogGroupName'], message: 'hub mode reads hub.organizationTrail.logGroupName' });
  }
  if (key === 'instanceQuarantine') {
    if (settings.fleetTrigger === true) {
      issues.push({
        path: [...path, 'fleetTrigger'],
        message: 'CloudWatch Logs cannot invoke a function in another account; the fleet flow is standalone mode only',
      });
    }
    if (settings.agentSetup === true) {
      issues.push({ path: [...path, 'agentSetup'], message: 'not available in hub mode yet (the agent setup would live in every member account)' });
    }
    if (settings.createLogGroups === true) {
      issues.push({
        path: [...path, 'createLogGroups'],
        message: 'member accounts own their application log groups in hub mode; the alarms read them as they are',
      });
    }
  }
  if (organizationRuleGuards.includes(key)) {
    if (isOn(settings) && hub.configRules !== 'organization') {
      issues.push({
        path,
        message: 'hub.configRules: per-account is not available yet; use organization (the default), or deploy without hub (standalone mode)',
      });
    }
    if (settings.createConfigRecorder === true) {
      issues.push({
        path: [...path, 'createConfigRecorder'],
        message: 'an organization rule evaluates in each member\'s own recorder; check the members\' recorders (README, "Two deployment modes") instead',
      });
    }
  }
  if (key === 'regionLockdown') {
    if (settings.organizationsMode !== undefined) {
      issues.push({
        path: [...path, 'organizationsMode'],
        message:
          "the service control policy is made by the management account's standalone stack; hub mode has no such stack: remove it and attach the SCP there, or deploy without hub",
      });
    }
    if (isOn(settings) && homeRegion !== 'us-east-1') {
      issues.push({
        path: [...path, 'enabled'],
        message: `IAM delivers its CloudTrail events in us-east-1 only, so the members forward them from there: set homeRegion: us-east-1 (it is ${homeRegion})`,
      });
    }
  }
  if (key === 'signinAlert' && isOn(settings) && !hub.organizationTrail) {
    issues.push({ path, message: 'in hub mode the sign-in alert reads an organization trail: set hub.organizationTrail.logGroupName, or disable it' });
  }
  if (key === 'iamChangeAlert' && settings.alarm === true && !hub.organizationTrail) {
    issues.push({ path: [...path, 'alarm'], message: 'the IAM-change alarm reads an organization trail in hub mode: set hub.organizationTrail.logGroupName' });
  }
  return issues;
}
