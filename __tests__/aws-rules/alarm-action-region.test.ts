import { alarmActionRegion } from './rules/alarm-action-region';
import { checkExample } from './rule-expectations';
import { exampleConfigFiles, exampleModel, findBody } from './terraform-model';

describe('AWS rule: an alarm acts only through a topic of its own region', () => {
  it.each(exampleConfigFiles)('%s holds it, but for the known violations (expected-violations.ts)', (configFile) => {
    const check = checkExample('alarm-action-region', alarmActionRegion, configFile);
    expect(check.reported).toEqual(check.expected);
    expect(check.findingsNotSaid).toEqual([]);
  });

  it("reports a non-home hub alarm that notifies the home region's topic", () => {
    let alarmId = '';
    const model = exampleModel('examples/organization.yaml', (stacks) => {
      const alarm = findBody(stacks, 'hub-eu-west-1', 'aws_cloudwatch_metric_alarm');
      alarmId = alarm.id;
      alarm.body.alarm_actions = ['arn:aws:sns:us-east-1:111111111111:guards-alerts'];
    });
    const violations = alarmActionRegion(model);
    expect(violations.map((violation) => violation.resource)).toEqual([`hub-eu-west-1/aws_cloudwatch_metric_alarm.${alarmId}`]);
    expect(violations[0].message).toContain('names arn:aws:sns:us-east-1:111111111111:guards-alerts in us-east-1');
  });
});
