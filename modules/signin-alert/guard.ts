import { defineGuard } from '../common/guard-definition';
import { signinAlertHub } from './hub';
import { SigninAlert, SigninAlertSettings, signinAlertGuardName } from './index';
import { signinAlertModuleExport } from './module-export';
import { signinAlertDefaults, signinAlertSettingsSchema } from './settings';

/** The signin-alert guard, as the registry, the config, the plans and `npm run modules` see it. */
export const signinAlertGuard = defineGuard({
  configKey: 'signinAlert',
  name: signinAlertGuardName,
  scope: 'global',
  scopeReason: 'One multi-region trail delivers the sign-ins of every region to one log group: once per account, in the home region.',
  handlers: [signinAlertGuardName],
  settingsSchema: signinAlertSettingsSchema,
  defaults: signinAlertDefaults,
  createConstruct: (scope, wiring, settings: SigninAlertSettings) => new SigninAlert(scope, signinAlertGuardName, { ...settings, ...wiring }),
  moduleExport: signinAlertModuleExport,
  hubMode: signinAlertHub,
});
