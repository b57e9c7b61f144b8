import type { ModuleExport } from '../stacks/module-export-types';
import { signinAlertDefaults as defaults } from './settings';

const logRetentions = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * The signin-alert guard as a plain Terraform module, complete: it creates its multi-region trail
 * and log group (`createTrail` changes the module's structure, so it is fixed). Chain the
 * iam-change-alert module to its `trail_log_group_name` output to share the trail.
 */
export const signinAlertModuleExport: ModuleExport = {
  fixedSettings: { createTrail: true },
  variables: [
    { name: 'risky_sign_ins_only', setting: 'riskySignInsOnly', type: 'bool', default: defaults.riskySignInsOnly, description: 'Alert only on root sign-ins, sign-ins without MFA and failed sign-ins.' },
    {
      name: 'trail_log_group_name',
      setting: 'trailLogGroupName',
      type: 'string',
      default: defaults.trailLogGroupName,
      description: 'CloudWatch Logs group the module\'s multi-region trail delivers to (created by the module).',
      validation: { condition: 'can(regex("^[\\\\w\\\\-./#]{1,512}$", var.trail_log_group_name))', errorMessage: 'trail_log_group_name must be a CloudWatch Logs group name (letters, digits, _ - . / #).' },
    },
    {
      name: 'trail_log_retention_days',
      setting: 'trailLogRetentionDays',
      type: 'number',
      default: defaults.trailLogRetentionDays,
      description: 'Retention of the trail\'s log group, in days (the bucket keeps every log file).',
      validation: { condition: `contains(${JSON.stringify(logRetentions)}, var.trail_log_retention_days)`, errorMessage: 'trail_log_retention_days must be a retention CloudWatch Logs accepts.' },
    },
  ],
};
