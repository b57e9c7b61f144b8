import { HubHooks, noHubParts } from '../common/hub-hooks';
import { trailSourceHubIssues } from '../common/trail-source-settings';
import { CisAlarms, cisAlarmsGuardName } from './index';
import type { ResolvedCisAlarmsSettings } from './settings';

/**
 * cis-alarms in hub mode: the 15 filters and alarms on the organization trail's log group in the
 * hub's home region, with the organization's topic as their action (CIS 15/15 on the organization
 * trail). Members forward nothing and hold nothing: an organization trail delivers to the hub's log
 * group only, so Security Hub's CloudWatch.1-14 still fail in a member (README of the guard).
 */
export const cisAlarmsHub: HubHooks<ResolvedCisAlarmsSettings> = {
  perAccountSettings: ['enabled'],
  memberEvents: () => ({ forwarded: [], onHubDefaultBus: [] }),
  hubFunction: () => undefined,
  hubParts(scope, context, settings) {
    const trail = context.hub.organizationTrail;
    // The config refuses the guard without an organization trail; the topic is the home region's (a global guard).
    if (!trail || !context.alertTopic) throw new Error(`${cisAlarmsGuardName}: hub mode needs hub.organizationTrail and runs in the home region`);
    new CisAlarms(scope, `${cisAlarmsGuardName}-organization`, {
      ...settings,
      environment: context.environment,
      namePrefix: context.config.name,
      key: context.key,
      alertTopic: context.alertTopic,
      createTrail: false,
      trailLogGroupName: trail.logGroupName,
    });
    return noHubParts;
  },
  memberResources: () => undefined,
  memberTamperNames: () => ({}),
  hubSettingsIssues: (settings, level) => [
    ...trailSourceHubIssues(settings, level.path),
    ...(settings.enabled !== false && !level.hub.organizationTrail
      ? [{ path: [...level.path], message: 'in hub mode the CIS alarms read an organization trail: set hub.organizationTrail.logGroupName, or disable them' }]
      : []),
  ],
};
