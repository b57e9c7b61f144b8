import { HubHooks } from '../common/hub-hooks';
import { organizationTrailWiring } from '../common/organization-trail-wiring';
import { trailSourceHubIssues } from '../common/trail-source-settings';
import { SigninAlert, signinAlertGuardName } from './index';
import type { ResolvedSigninAlertSettings } from './settings';

/**
 * signin-alert in hub mode: it reads the organization trail, whose log group is in the hub, so the
 * hub runs the standalone construct on it as it is; members forward nothing and hold nothing.
 */
export const signinAlertHub: HubHooks<ResolvedSigninAlertSettings> = {
  perAccountSettings: ['enabled'],
  memberEvents: () => ({ forwarded: [], onHubDefaultBus: [] }),
  hubFunction: () => undefined,
  hubParts(scope, context, settings) {
    const alert = new SigninAlert(scope, signinAlertGuardName, { ...settings, ...organizationTrailWiring(signinAlertGuardName, context) });
    return { functions: [alert.function], functionStatements: [] };
  },
  memberResources: () => undefined,
  memberTamperNames: () => ({}),
  hubSettingsIssues: (settings, level) => [
    ...trailSourceHubIssues(settings, level.path),
    ...(settings.enabled !== false && !level.hub.organizationTrail
      ? [{ path: [...level.path], message: 'in hub mode the sign-in alert reads an organization trail: set hub.organizationTrail.logGroupName, or disable it' }]
      : []),
  ],
};
