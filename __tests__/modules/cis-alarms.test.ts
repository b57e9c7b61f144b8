import { App, TerraformStack } from 'cdktf';
import { AlertTopic } from '../../modules/common/alert-topic';
import { GuardsKey } from '../../modules/common/guards-key';
import { CisAlarms } from '../../modules/cis-alarms';
import { cisControls } from '../../handlers/detections/contract';
import { documentedCisPatterns } from '../helpers/cis-documented-patterns';
import { cisCoverage } from '../helpers/detection-coverage';
import { resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

const [stack] = synthesizeConfigFile('examples/single-account.yaml');
const filters = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_log_metric_filter')).filter((filter) =>
  String(filter.name).startsWith('guards-cis-'),
);
const alarms = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_metric_alarm')).filter((alarm) => String(alarm.alarm_name).startsWith('guards-cis-'));

describe('cis-alarms in examples/single-account.yaml', () => {
  it.each(cisControls.map((control) => [control.id, control] as const))(
    'CIS %s: the metric filter has the documented pattern character for character (Security Hub fails any other text)',
    (id, control) => {
      const documented = documentedCisPatterns[id];
      const filter = filters.find((candidate) => String(candidate.name).startsWith(`guards-cis-${id}-`));
      expect({ id, url: documented.url, pattern: filter?.pattern }).toEqual({ id, url: documented.url, pattern: documented.text });
      expect(filter?.metric_transformation).toEqual({ name: control.metricName, namespace: 'CISBenchmark', value: '1' });
    },
  );

  it('has one alarm per control on its metric, Sum >= 1 in 5 minutes, notifying the alert topic', () => {
    expect(alarms).toHaveLength(15);
    for (const control of cisControls) {
      const alarm = alarms.find((candidate) => candidate.metric_name === control.metricName);
      expect(alarm).toEqual(
        expect.objectContaining({
          namespace: 'CISBenchmark',
          statistic: 'Sum',
          period: 300,
          threshold: 1,
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          alarm_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.alert-topic_[0-9A-F]+\.arn\}$/)],
        }),
      );
    }
  });

  // https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutMetricFilter.html: filterPattern "Maximum length of 1024".
  it("keeps every pattern within CloudWatch Logs' 1,024 characters", () => {
    for (const filter of filters) expect({ name: filter.name, length: String(filter.pattern).length <= 1024 }).toEqual({ name: filter.name, length: true });
  });

  it('fails the exactness check for a pattern changed by one character, and for a topic without subscriber', () => {
    const changed = { ...stack, json: JSON.parse(JSON.stringify(stack.json).replace('($.eventName=StopLogging)}', '($.eventName=StopLogging) }')) };
    expect(cisCoverage([changed]).find((row) => row.control === '4.5')).toEqual({
      control: '4.5',
      exact: false,
      problems: ['no metric filter with the documented pattern'],
    });
    const unsubscribed = { ...stack, json: { ...stack.json, resource: { ...stack.json.resource, aws_sns_topic_subscription: {} } } };
    expect(cisCoverage([unsubscribed]).every((row) => !row.exact)).toBe(true);
  });
});

describe('cis-alarms construct', () => {
  it('refuses memberAlarms outside hub mode, naming it', () => {
    const stack = new TerraformStack(new App({ skipValidation: true }), 'cis-alarms-standalone');
    const environment = { accountId: '123456789012', region: 'us-east-1' };
    const key = new GuardsKey(stack, 'key', { environment, namePrefix: 'guards' });
    const alertTopic = new AlertTopic(stack, 'topic', { environment, namePrefix: 'guards', key });
    expect(() => new CisAlarms(stack, 'cis-alarms', { environment, namePrefix: 'guards', key, alertTopic, memberAlarms: true })).toThrow(
      'cis-alarms: memberAlarms is a hub-mode setting',
    );
  });
});
