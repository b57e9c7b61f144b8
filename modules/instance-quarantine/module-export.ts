import type { ModuleExport } from '../stacks/module-export-types';
import { instanceQuarantineDefaults as defaults } from './settings';

/**
 * The instance-quarantine guard as a plain Terraform module: the fleet and GuardDuty triggers, with
 * their values as variables. The alarm flow (one alarm per named instance) and the agent set-up
 * change the module's structure, so they are CDKTF-only.
 */
export const instanceQuarantineModuleExport: ModuleExport = {
  fixedSettings: { alarmTrigger: false, fleetTrigger: true, guardDutyTrigger: true, agentSetup: false, createLogGroups: true },
  variables: [
    { name: 'dry_run', setting: 'dryRun', type: 'bool', default: defaults.dryRun, description: 'Report the containment plan without changing anything.' },
    { name: 'snapshot_volumes', setting: 'snapshotVolumes', type: 'bool', default: defaults.snapshotVolumes, description: 'Snapshot every attached EBS volume for forensics.' },
    {
      name: 'trust_exempt_tag',
      setting: 'trustExemptTag',
      type: 'bool',
      default: defaults.trustExemptTag,
      description: 'Honour exempt_tag_key at all; only where writes of that tag are denied to the watched account (e.g. by an SCP).',
    },
    {
      name: 'exempt_tag_key',
      setting: 'exemptTagKey',
      type: 'string',
      default: defaults.exemptTagKey,
      description: 'With trust_exempt_tag, instances carrying this tag (any value but "false") are never quarantined.',
      validation: { condition: 'length(var.exempt_tag_key) > 0 && !startswith(lower(var.exempt_tag_key), "aws:")', errorMessage: 'exempt_tag_key must be a tag key that does not start with aws:.' },
    },
    { name: 'filter_pattern', setting: 'filterPattern', type: 'string', default: defaults.filterPattern, description: 'CloudWatch Logs filter pattern of a suspicious application log line.' },
    { name: 'log_group_name', setting: 'logGroupName', type: 'string', default: defaults.logGroupName, description: 'Log group of the fleet\'s application logs, one stream per instance id (created by the module).' },
    {
      name: 'log_retention_days',
      setting: 'logRetentionDays',
      type: 'number',
      default: defaults.logRetentionDays,
      description: 'Retention of the application log group, in days.',
      validation: {
        condition: 'contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_days)',
        errorMessage: 'log_retention_days must be a retention CloudWatch Logs accepts.',
      },
    },
    {
      name: 'fleet_threshold',
      setting: 'fleetThreshold',
      type: 'number',
      default: defaults.fleetThreshold,
      description: 'Matching lines in one log delivery batch that quarantine the stream\'s instance.',
      validation: { condition: 'var.fleet_threshold >= 1 && floor(var.fleet_threshold) == var.fleet_threshold', errorMessage: 'fleet_threshold must be a whole number >= 1.' },
    },
    {
      name: 'fleet_max_quarantines_per_hour',
      setting: 'fleetMaxQuarantinesPerHour',
      type: 'number',
      default: defaults.fleetMaxQuarantinesPerHour,
      description: 'New quarantines the fleet flow starts per clock hour, beyond which it alerts instead of acting.',
      validation: { condition: 'var.fleet_max_quarantines_per_hour >= 1 && floor(var.fleet_max_quarantines_per_hour) == var.fleet_max_quarantines_per_hour', errorMessage: 'fleet_max_quarantines_per_hour must be a whole number >= 1.' },
    },
    {
      name: 'guardduty_min_severity',
      setting: 'guardDutyMinSeverity',
      type: 'number',
      default: defaults.guardDutyMinSeverity,
      description: 'Lowest GuardDuty finding severity (0-10) that quarantines; 7 is high.',
      validation: { condition: 'var.guardduty_min_severity >= 0 && var.guardduty_min_severity <= 10', errorMessage: 'guardduty_min_severity must be between 0 and 10.' },
    },
  ],
};
