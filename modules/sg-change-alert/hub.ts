import { cloudTrailAlertHubHooks } from '../common/cloudtrail-alert-hub';
import { sgChangeEventPattern } from './event-pattern';
import { sgChangeAlertGuardName } from './index';
import type { ResolvedSgChangeAlertSettings } from './settings';

/** sg-change-alert in hub mode: every member region forwards its security-group calls; the hub alerts, naming the account. */
export const sgChangeAlertHub = cloudTrailAlertHubHooks<ResolvedSgChangeAlertSettings>({
  guardName: sgChangeAlertGuardName,
  perAccountSettings: ['enabled'],
  patterns: (settings) => [sgChangeEventPattern(settings.eventNames)],
});
