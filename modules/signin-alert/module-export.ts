import { moduleVariables } from '../common/module-variables';
import type { ModuleExport } from '../common/module-export-types';
import { signinAlertDefaults, signinAlertSettingsSchema } from './settings';

/**
 * The signin-alert guard as a plain Terraform module, complete: it creates its multi-region trail
 * and log group (`createTrail` changes the module's structure, so it is fixed). Chain the
 * iam-change-alert module to its `trail_log_group_name` output to share the trail.
 */
export const signinAlertModuleExport: ModuleExport = {
  fixedSettings: { createTrail: true },
  variables: moduleVariables(signinAlertSettingsSchema, signinAlertDefaults, ['riskySignInsOnly', 'trailLogGroupName', 'trailLogRetentionDays']),
};
