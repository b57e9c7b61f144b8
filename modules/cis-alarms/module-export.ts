import { moduleVariables } from '../common/module-variables';
import type { ModuleExport } from '../common/module-export-types';
import { cisAlarmsDefaults, cisAlarmsSettingsSchema } from './settings';

/** The cis-alarms guard as a plain Terraform module, on an existing trail log group. */
export const cisAlarmsModuleExport: ModuleExport = {
  fixedSettings: { createTrail: false },
  variables: moduleVariables(cisAlarmsSettingsSchema, cisAlarmsDefaults, ['trailLogGroupName', 'metricNamespace']),
};
