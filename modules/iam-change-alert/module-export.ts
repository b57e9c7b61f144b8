import { moduleVariables } from '../common/module-variables';
import type { ModuleExport } from '../common/module-export-types';
import { iamChangeAlertDefaults, iamChangeAlertSettingsSchema } from './settings';

/**
 * The iam-change-alert guard as a plain Terraform module, with both the alarm and the detailed
 * alert, reading an existing trail log group (e.g. the signin-alert module's `trail_log_group_name`
 * output). The watched calls (a list) and trail creation are CDKTF settings.
 */
export const iamChangeAlertModuleExport: ModuleExport = {
  fixedSettings: { createTrail: false, alarm: true, detailedAlert: true },
  variables: moduleVariables(iamChangeAlertSettingsSchema, iamChangeAlertDefaults, ['trailLogGroupName', 'metricNamespace']),
};
