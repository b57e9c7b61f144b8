import { cloudTrailAlertHubHooks } from '../common/cloudtrail-alert-hub';
import { noHubParts } from '../common/hub-hooks';
import { trailSourceHubIssues } from '../common/trail-source-settings';
import { iamChangeEventPattern } from './event-pattern';
import { IamChangeAlert, iamChangeAlertGuardName } from './index';
import type { ResolvedIamChangeAlertSettings } from './settings';

const guardName = iamChangeAlertGuardName;

const alertHooks = cloudTrailAlertHubHooks<ResolvedIamChangeAlertSettings>({
  guardName,
  perAccountSettings: ['enabled'],
  // IAM delivers its CloudTrail events in the home (global-events) region only.
  patterns: (settings, isHomeRegion) => (settings.detailedAlert && isHomeRegion ? [iamChangeEventPattern(settings.eventNames)] : []),
  hubSettingsIssues: (settings, level) => [
    ...trailSourceHubIssues(settings, level.path),
    ...(settings.alarm === true && !level.hub.organizationTrail
      ? [{ path: [...level.path, 'alarm'], message: 'the IAM-change alarm reads an organization trail in hub mode: set hub.organizationTrail.logGroupName' }]
      : []),
  ],
});

/**
 * iam-change-alert in hub mode: the detailed alert as every alert-only CloudTrail guard (members'
 * home regions forward the IAM calls, the hub alerts); the alarm, with an organization trail, as
 * one metric filter and one alarm on that trail's log group in the hub.
 */
export const iamChangeAlertHub: typeof alertHooks = {
  ...alertHooks,
  hubParts(scope, context, settings) {
    const trail = context.hub.organizationTrail;
    if (!trail || !settings.alarm || !context.alertTopic) return noHubParts;
    const { detailedAlert: _detailed, ...alarmSettings } = settings;
    new IamChangeAlert(scope, `${guardName}-organization-alarm`, {
      ...alarmSettings,
      environment: context.environment,
      namePrefix: context.config.name,
      key: context.key,
      alertTopic: context.alertTopic,
      alarm: true,
      detailedAlert: false,
      trailLogGroupName: trail.logGroupName,
    });
    return noHubParts;
  },
};
