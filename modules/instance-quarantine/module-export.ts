import { moduleVariables } from '../common/module-variables';
import type { ModuleExport } from '../common/module-export-types';
import { instanceQuarantineDefaults, instanceQuarantineSettingsSchema } from './settings';

/**
 * The instance-quarantine guard as a plain Terraform module: the fleet and GuardDuty triggers, with
 * their values as variables. The alarm flow (one alarm per named instance) and the agent set-up
 * change the module's structure, so they are CDKTF-only.
 */
export const instanceQuarantineModuleExport: ModuleExport = {
  fixedSettings: { alarmTrigger: false, fleetTrigger: true, guardDutyTrigger: true, agentSetup: false, createLogGroups: true },
  variables: moduleVariables(instanceQuarantineSettingsSchema, instanceQuarantineDefaults, [
    'dryRun',
    'snapshotVolumes',
    'trustExemptTag',
    'exemptTagKey',
    'filterPattern',
    // Published without a check; the construct's rule still applies when Terraform creates the group.
    { setting: 'logGroupName', unchecked: true },
    'logRetentionDays',
    'fleetThreshold',
    'fleetMaxQuarantinesPerHour',
    { setting: 'guardDutyMinSeverity', name: 'guardduty_min_severity' },
  ]),
};
