import { defineGuard } from '../common/guard-definition';
import { CisAlarms, CisAlarmsSettings, cisAlarmsGuardName } from './index';
import { cisAlarmsHub } from './hub';
import { cisAlarmsModuleExport } from './module-export';
import { cisAlarmsDefaults, cisAlarmsSettingsSchema } from './settings';

/** The cis-alarms guard, as the registry, the config, the plans and `npm run modules` see it. */
export const cisAlarmsGuard = defineGuard({
  configKey: 'cisAlarms',
  name: cisAlarmsGuardName,
  scope: 'global',
  scopeReason: "A multi-region trail delivers every region's calls to one log group in the home region: its filters alarm once per call.",
  handlers: [],
  settingsSchema: cisAlarmsSettingsSchema,
  defaults: cisAlarmsDefaults,
  createConstruct: (scope, wiring, settings: CisAlarmsSettings) => new CisAlarms(scope, cisAlarmsGuardName, { ...settings, ...wiring }),
  moduleExport: cisAlarmsModuleExport,
  hubMode: cisAlarmsHub,
});
