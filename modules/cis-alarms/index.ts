import { Construct } from 'constructs';
import type { GuardWiring } from '../common/guard-definition';
import { TerraformOutput } from 'cdktf';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { anyMatchInFiveMinutes } from '../common/any-match-alarm';
import { CloudTrailLogGroup, trailLogGroupName } from '../common/cloudtrail-log-group';
import { validateSettings } from '../common/validate-settings';
import { cisControls } from '../../handlers/detections/contract';
import { CisAlarmsSettings, cisAlarmsDefaults, cisAlarmsSettingsSchema } from './settings';

export type { CisAlarmsSettings } from './settings';

export const cisAlarmsGuardName = 'cis-alarms';

export type CisAlarmsProps = CisAlarmsSettings & GuardWiring;

/**
 * The 15 CIS AWS Foundations monitoring controls (v3-v5 4.1-4.15, v6 5.1-5.15) as CIS prescribes
 * them: a metric filter with the exact CIS pattern on the multi-region trail's log group, an alarm
 * on each metric, and the alert topic as the alarms' action. Security Hub's CloudWatch.1-14 check
 * the pattern text exactly, so the patterns are never changed or combined. The readable alerts of
 * the same calls come from the detections guard (and signin-alert, sg-change-alert). See README.md.
 *
 * @example
 * new CisAlarms(stack, 'cis-alarms', { environment, namePrefix: 'guards', key, alertTopic, trailLogGroupName: '/guards/cloudtrail' });
 */
export class CisAlarms extends Construct {
  readonly alarms: CloudwatchMetricAlarm[] = [];

  constructor(scope: Construct, id: string, props: CisAlarmsProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(cisAlarmsGuardName, cisAlarmsSettingsSchema, given);
    if (given.memberAlarms) {
      throw new Error(`${cisAlarmsGuardName}: memberAlarms is a hub-mode setting (the members' own alarms); a standalone account holds its alarms already`);
    }
    const settings = { ...cisAlarmsDefaults, ...given };
    if (settings.createTrail) {
      CloudTrailLogGroup.of(this, {
        environment,
        namePrefix,
        key,
        logGroupName: settings.trailLogGroupName,
        logRetentionDays: settings.trailLogRetentionDays,
        requestedBy: cisAlarmsGuardName,
      });
    }
    const logGroupName = trailLogGroupName(this, settings.trailLogGroupName);
    for (const control of cisControls) {
      // Stable names: the control id and the metric, e.g. guards-cis-4.1-UnauthorizedAPICalls.
      const name = `${namePrefix}-cis-${control.id}-${control.metricName}`;
      new CloudwatchLogMetricFilter(this, `filter-${control.id}`, {
        name,
        logGroupName,
        pattern: control.filterPattern,
        metricTransformation: { name: control.metricName, namespace: settings.metricNamespace, value: '1' },
      });
      const alarm = new CloudwatchMetricAlarm(this, `alarm-${control.id}`, {
        alarmName: name,
        alarmDescription: `CIS AWS Foundations ${control.id} (v6 ${control.v6Id}${control.securityHubControl ? `, Security Hub ${control.securityHubControl}` : ''}): ${control.title}. Who and what: the readable alert of the same call, or CloudTrail event history.`,
        namespace: settings.metricNamespace,
        metricName: control.metricName,
        ...anyMatchInFiveMinutes,
        alarmActions: [alertTopic.arn],
      });
      alertTopic.allowAlarm(name);
      this.alarms.push(alarm);
    }
    new TerraformOutput(this, 'alarm-names', { description: 'The 15 CIS monitoring alarms', value: this.alarms.map((alarm) => alarm.alarmName) });
  }
}
