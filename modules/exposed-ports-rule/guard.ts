import { defineGuard } from '../common/guard-definition';
import { exposedPortsRuleHub } from './hub';
import { ExposedPortsRule, ExposedPortsRuleSettings, exposedPortsRuleGuardName } from './index';
import { exposedPortsRuleModuleExport } from './module-export';
import { exposedPortsRuleDefaults, exposedPortsRuleSettingsSchema } from './settings';

/** The exposed-ports-rule guard, as the registry, the config, the plans and `npm run modules` see it. */
export const exposedPortsRuleGuard = defineGuard({
  configKey: 'exposedPortsRule',
  name: exposedPortsRuleGuardName,
  scope: 'regional',
  scopeReason: 'Security groups and instances are regional, and so is AWS Config: one rule per region.',
  handlers: [exposedPortsRuleGuardName],
  settingsSchema: exposedPortsRuleSettingsSchema,
  defaults: exposedPortsRuleDefaults,
  createConstruct: (scope, wiring, settings: ExposedPortsRuleSettings) => new ExposedPortsRule(scope, exposedPortsRuleGuardName, { ...settings, ...wiring }),
  moduleExport: exposedPortsRuleModuleExport,
  hubMode: exposedPortsRuleHub,
});
