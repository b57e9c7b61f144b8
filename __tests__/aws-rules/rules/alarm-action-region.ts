/**
 * A CloudWatch alarm notifies only a topic of its own region (and invokes only a function of its
 * own region): the action ARN names the alarm's region (docs/hub-mode.md, "Alarms of the hub", relies on it).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html
 * The emulator stores any action ARN.
 */
import { AwsRule, Violation, addressOf } from '../terraform-model';

export const alarmActionRegionPage = 'https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-actions.html';

export const alarmActionRegion: AwsRule = (model) => {
  const violations: Violation[] = [];
  for (const alarm of model.ofType('aws_cloudwatch_metric_alarm')) {
    for (const field of ['alarm_actions', 'ok_actions', 'insufficient_data_actions']) {
      for (const action of (alarm.body[field] as unknown[] | undefined) ?? []) {
        const referenced = model.referenced(alarm, action);
        const region = referenced ? referenced.resource.region : /^arn:aws[a-z-]*:(?:sns|lambda):([a-z0-9-]+):/.exec(String(action))?.[1];
        if (region !== undefined && region !== alarm.region) {
          violations.push({
            resource: addressOf(alarm),
            message: `${addressOf(alarm)} (${alarm.region}): its ${field} names ${String(action)} in ${region}; an alarm acts only in its own region: ${alarmActionRegionPage}`,
          });
        }
      }
    }
  }
  return violations;
};
