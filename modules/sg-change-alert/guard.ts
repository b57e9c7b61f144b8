import { defineGuard } from '../common/guard-definition';
import { sgChangeAlertHub } from './hub';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { SgChangeAlert, SgChangeAlertSettings, sgChangeAlertGuardName } from './index';
import { sgChangeAlertModuleExport } from './module-export';
import { sgChangeAlertDefaults, sgChangeAlertSettingsSchema } from './settings';

/** The sg-change-alert guard, as the registry, the config, the plans and `npm run modules` see it. */
export const sgChangeAlertGuard = defineGuard({
  configKey: 'sgChangeAlert',
  name: sgChangeAlertGuardName,
  scope: 'regional',
  scopeReason: 'Security groups are regional and EC2 delivers their CloudTrail events in each region.',
  handlers: [cloudTrailAlertHandlerName],
  settingsSchema: sgChangeAlertSettingsSchema,
  defaults: sgChangeAlertDefaults,
  createConstruct: (scope, wiring, settings: SgChangeAlertSettings) => new SgChangeAlert(scope, sgChangeAlertGuardName, { ...settings, ...wiring }),
  moduleExport: sgChangeAlertModuleExport,
  hubMode: sgChangeAlertHub,
});
