import { AlertTopic } from '../common/alert-topic';
import { GuardsKey } from '../common/guards-key';
import { HubHooks, noHubParts } from '../common/hub-hooks';
import { organizationTrailWiring } from '../common/organization-trail-wiring';
import { trailSourceHubIssues } from '../common/trail-source-settings';
import { CisAlarms, cisAlarmsGuardName } from './index';
import type { ResolvedCisAlarmsSettings } from './settings';

/**
 * cis-alarms in hub mode: the 15 filters and alarms on the organization trail's log group in the
 * hub's home region, with the organization's topic as their action (CIS 15/15 on the organization
 * trail). An organization trail delivers to the hub's log group only, so Security Hub's
 * CloudWatch.1-14 fail in a member: with `memberAlarms`, the member's home region also holds its
 * own multi-region trail, the 15 filters and alarms on its log group and a topic (its own key) with
 * the alert addresses, the standalone construct as it is. Off by default: it costs (README).
 */
export const cisAlarmsHub: HubHooks<ResolvedCisAlarmsSettings> = {
  // memberAlarms changes only the member's own stacks.
  perAccountSettings: ['enabled', 'memberAlarms'],
  memberEvents: () => ({ forwarded: [], onHubDefaultBus: [] }),
  hubFunction: () => undefined,
  hubParts(scope, context, settings) {
    const { memberAlarms: _members, ...organizationSettings } = settings;
    new CisAlarms(scope, `${cisAlarmsGuardName}-organization`, { ...organizationSettings, ...organizationTrailWiring(cisAlarmsGuardName, context) });
    return noHubParts;
  },
  memberResources(scope, context, settings) {
    if (!settings.memberAlarms || !context.isHomeRegion) return;
    const environment = { accountId: context.account.id, region: context.region };
    const namePrefix = context.config.name;
    const key = new GuardsKey(scope, `${cisAlarmsGuardName}-key`, { environment, namePrefix });
    const alertTopic = new AlertTopic(scope, `${cisAlarmsGuardName}-topic`, { environment, namePrefix, key, emails: context.config.alerts?.emails ?? [] });
    const { memberAlarms: _members, ...memberSettings } = settings;
    new CisAlarms(scope, cisAlarmsGuardName, { ...memberSettings, environment, namePrefix, key, alertTopic, createTrail: true });
  },
  memberTamperNames: () => ({}),
  hubSettingsIssues: (settings, level) => [
    ...trailSourceHubIssues(settings, level.path),
    ...(settings.enabled !== false && !level.hub.organizationTrail
      ? [{ path: [...level.path], message: 'in hub mode the CIS alarms read an organization trail: set hub.organizationTrail.logGroupName, or disable them' }]
      : []),
  ],
};
