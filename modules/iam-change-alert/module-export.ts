import type { ModuleExport } from '../stacks/module-export-types';
import { iamChangeAlertDefaults as defaults } from './settings';

/**
 * The iam-change-alert guard as a plain Terraform module, with both the alarm and the detailed
 * alert, reading an existing trail log group (e.g. the signin-alert module's `trail_log_group_name`
 * output). The watched calls (a list) and trail creation are CDKTF settings.
 */
export const iamChangeAlertModuleExport: ModuleExport = {
  fixedSettings: { createTrail: false, alarm: true, detailedAlert: true },
  variables: [
    {
      name: 'trail_log_group_name',
      setting: 'trailLogGroupName',
      type: 'string',
      default: defaults.trailLogGroupName,
      description: 'Existing CloudWatch Logs group of a multi-region trail of the account, in this region (the alarm\'s metric filter reads it).',
      validation: { condition: 'can(regex("^[\\\\w\\\\-./#]{1,512}$", var.trail_log_group_name))', errorMessage: 'trail_log_group_name must be a CloudWatch Logs group name (letters, digits, _ - . / #).' },
    },
    {
      name: 'metric_namespace',
      setting: 'metricNamespace',
      type: 'string',
      default: defaults.metricNamespace,
      description: 'CloudWatch namespace of the alarm\'s metric.',
      validation: { condition: 'length(var.metric_namespace) > 0 && length(var.metric_namespace) <= 255 && !startswith(var.metric_namespace, "AWS/")', errorMessage: 'metric_namespace must be 1-255 characters and not start with AWS/.' },
    },
  ],
};
