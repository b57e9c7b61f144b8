import { defineGuard } from '../common/guard-definition';
import { instanceQuarantineHub } from './hub';
import { InstanceQuarantine, InstanceQuarantineSettings, instanceQuarantineGuardName, instanceReleaseHandlerName } from './index';
import { instanceQuarantineModuleExport } from './module-export';
import { instanceQuarantineDefaults, instanceQuarantineSettingsSchema } from './settings';

/** The instance-quarantine guard, as the registry, the config, the plans and `npm run modules` see it. */
export const instanceQuarantineGuard = defineGuard({
  configKey: 'instanceQuarantine',
  name: instanceQuarantineGuardName,
  scope: 'regional',
  scopeReason: 'EC2 instances, their logs and GuardDuty findings are regional: the guard watches every region.',
  handlers: [instanceQuarantineGuardName, instanceReleaseHandlerName],
  settingsSchema: instanceQuarantineSettingsSchema,
  defaults: instanceQuarantineDefaults,
  createConstruct: (scope, wiring, settings: InstanceQuarantineSettings) =>
    new InstanceQuarantine(scope, instanceQuarantineGuardName, { ...settings, ...wiring }),
  moduleExport: instanceQuarantineModuleExport,
  hubMode: instanceQuarantineHub,
});
