import { defineGuard } from '../common/guard-definition';
import { iamChangeAlertHub } from './hub';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { IamChangeAlert, IamChangeAlertSettings, iamChangeAlertGuardName } from './index';
import { iamChangeAlertModuleExport } from './module-export';
import { iamChangeAlertDefaults, iamChangeAlertSettingsSchema } from './settings';

/** The iam-change-alert guard, as the registry, the config, the plans and `npm run modules` see it. */
export const iamChangeAlertGuard = defineGuard({
  configKey: 'iamChangeAlert',
  name: iamChangeAlertGuardName,
  scope: 'global',
  scopeReason: 'IAM is global and delivers its events in us-east-1: once per account, so each change alerts once.',
  handlers: [cloudTrailAlertHandlerName],
  settingsSchema: iamChangeAlertSettingsSchema,
  defaults: iamChangeAlertDefaults,
  createConstruct: (scope, wiring, settings: IamChangeAlertSettings) => new IamChangeAlert(scope, iamChangeAlertGuardName, { ...settings, ...wiring }),
  moduleExport: iamChangeAlertModuleExport,
  hubMode: iamChangeAlertHub,
});
