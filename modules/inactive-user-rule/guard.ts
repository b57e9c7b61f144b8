import { defineGuard } from '../common/guard-definition';
import { inactiveUserRuleHub } from './hub';
import { InactiveUserRule, InactiveUserRuleSettings, inactiveUserRuleGuardName } from './index';
import { inactiveUserRuleModuleExport } from './module-export';
import { inactiveUserRuleDefaults, inactiveUserRuleSettingsSchema } from './settings';

/** The inactive-user-rule guard, as the registry, the config, the plans and `npm run modules` see it. */
export const inactiveUserRuleGuard = defineGuard({
  configKey: 'inactiveUserRule',
  name: inactiveUserRuleGuardName,
  scope: 'global',
  scopeReason: 'IAM is global: one rule per account, in the home region.',
  handlers: [inactiveUserRuleGuardName],
  settingsSchema: inactiveUserRuleSettingsSchema,
  defaults: inactiveUserRuleDefaults,
  createConstruct: (scope, wiring, settings: InactiveUserRuleSettings) => new InactiveUserRule(scope, inactiveUserRuleGuardName, { ...settings, ...wiring }),
  moduleExport: inactiveUserRuleModuleExport,
  hubMode: inactiveUserRuleHub,
});
