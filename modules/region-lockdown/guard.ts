import { defineGuard } from '../common/guard-definition';
import { regionLockdownHub } from './hub';
import { regionLockdownConfigIssues } from './organizations-mode-check';
import { RegionLockdown, RegionLockdownSettings, regionLockdownGuardName } from './index';
import { regionLockdownModuleExport } from './module-export';
import { regionLockdownDefaults, regionLockdownSettingsSchema } from './settings';

/** The region-lockdown guard, as the registry, the config, the plans and `npm run modules` see it. */
export const regionLockdownGuard = defineGuard({
  configKey: 'regionLockdown',
  name: regionLockdownGuardName,
  scope: 'global',
  scopeReason: 'IAM is global and delivers its events in us-east-1: once per account, in the home region.',
  handlers: [regionLockdownGuardName],
  settingsSchema: regionLockdownSettingsSchema,
  defaults: regionLockdownDefaults,
  createConstruct: (scope, wiring, settings: RegionLockdownSettings) => new RegionLockdown(scope, regionLockdownGuardName, { ...settings, ...wiring }),
  moduleExport: regionLockdownModuleExport,
  hubMode: regionLockdownHub,
  configIssues: regionLockdownConfigIssues,
});
