import { AnnotationMetadataEntryType, Testing } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { IamChangeAlert, IamChangeAlertSettings } from '../../modules/iam-change-alert';
import { cloudTrailRecord } from '../helpers/cloudtrail-envelopes';
import { guardWiring, resourcesOf } from '../helpers/guard-scope';
import { matchesLogFilter } from '../../scripts/replay/log-filter-matcher';

function synthIam(settings: IamChangeAlertSettings = {}): string {
  return Testing.synthScope((scope) => {
    new IamChangeAlert(scope, 'iam-change-alert', { ...guardWiring(scope), ...settings });
  });
}

const ruleRef = expect.stringMatching(/^\$\{aws_cloudwatch_event_rule\.iam-change-alert_rule_[0-9A-F]{8}\.arn\}$/);

/** A real or edge-case record as another IAM call. */
function iamCall(eventName: string, base = 'createuser-assumedrole.json'): Record<string, unknown> {
  return { ...cloudTrailRecord(base), eventName };
}

describe('IamChangeAlert construct', () => {
  const everything = synthIam();

  it('counts the watched IAM calls from the trail log group into a metric, and alarms on one datapoint', () => {
    expect(everything).toHaveResourceWithProperties(CloudwatchLogMetricFilter, {
      name: 'test-iam-changes',
      log_group_name: '/guards/cloudtrail',
      metric_transformation: { name: 'IamIdentityChanges', namespace: 'SecurityGuards/IamChanges', value: '1', unit: 'Count' },
    });
    expect(everything).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'test-iam-changes',
      metric_name: 'IamIdentityChanges',
      namespace: 'SecurityGuards/IamChanges',
      statistic: 'Sum',
      threshold: 1,
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [expect.stringMatching(/^\$\{aws_sns_topic\.alerts_topic_[0-9A-F]{8}\.arn\}$/)],
    });
  });

  it('lets its alarm publish to the alert topic', () => {
    const [topicPolicy] = resourcesOf(everything, 'aws_sns_topic_policy');
    const alarms = JSON.parse(String(topicPolicy.policy)).Statement.find((statement: { Sid: string }) => statement.Sid === 'GuardAlarmsPublish');
    expect(alarms.Condition.ArnEquals['aws:SourceArn']).toContain('arn:aws:cloudwatch:eu-west-1:111122223333:alarm:test-iam-changes');
  });

  it('counts each watched call, failed ones too, and nothing else (metric filter matched against records)', () => {
    const [filter] = resourcesOf(everything, 'aws_cloudwatch_log_metric_filter');
    const pattern = String(filter.pattern);
    for (const eventName of [
      'CreateAccessKey',
      'CreateUser',
      'CreateLoginProfile',
      'AddUserToGroup',
      'PutUserPolicy',
      'AttachUserPolicy',
      'CreateRole',
      'CreatePolicyVersion',
    ]) {
      expect(matchesLogFilter(pattern, iamCall(eventName))).toBe(true);
    }
    expect(matchesLogFilter(pattern, cloudTrailRecord('iam-change-alert/attach-user-policy-denied.json'))).toBe(true);
    expect(matchesLogFilter(pattern, iamCall('ListUsers'))).toBe(false);
    expect(matchesLogFilter(pattern, cloudTrailRecord('consolelogin-root-success-no-mfa.json'))).toBe(false);
    expect(matchesLogFilter(pattern, cloudTrailRecord('create-security-group-terraform.json'))).toBe(false);
    expect(matchesLogFilter(pattern, { ...cloudTrailRecord('create-security-group-terraform.json'), eventName: 'CreateUser' })).toBe(false);
  });

  // Which real events the rule lets through is judged by the emulator's EventBridge:
  // __tests__/emulator/event-patterns.test.ts. The metric filter stays with the test-only matcher
  // above, since the emulator does not evaluate CloudWatch Logs filter patterns.
  it('sends the same calls from EventBridge to the formatter, failed ones too', () => {
    const [rule] = resourcesOf(everything, 'aws_cloudwatch_event_rule');
    const [filter] = resourcesOf(everything, 'aws_cloudwatch_log_metric_filter');
    const pattern = JSON.parse(String(rule.event_pattern));
    expect(pattern).toEqual({
      source: ['aws.iam'],
      'detail-type': ['AWS API Call via CloudTrail'],
      detail: { eventSource: ['iam.amazonaws.com'], eventName: expect.any(Array) },
    });
    for (const eventName of pattern.detail.eventName as string[]) expect(matchesLogFilter(String(filter.pattern), iamCall(eventName))).toBe(true);
  });

  it('runs the cloudtrail-alert handler in a function of its own, invoked by its rule only', () => {
    expect(everything).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-iam-change-alert',
      environment: { variables: expect.objectContaining({ POWERTOOLS_SERVICE_NAME: 'iam-change-alert' }) },
    });
    expect(String(resourcesOf(everything, 'aws_lambda_function')[0].filename)).toMatch(/cloudtrail-alert\.zip$/);
    expect(everything).toHaveResourceWithProperties(CloudwatchEventRule, { name: 'test-iam-changes' });
    expect(everything).toHaveResourceWithProperties(CloudwatchEventTarget, {
      arn: expect.stringMatching(/^\$\{aws_lambda_function\.iam-change-alert_function_[0-9A-F]{8}\.arn\}$/),
    });
    const permissions = resourcesOf(everything, 'aws_lambda_permission');
    expect(permissions).toHaveLength(1);
    expect(everything).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'events.amazonaws.com',
      source_arn: ruleRef,
      source_account: '111122223333',
    });
  });

  it('grants its role sns:Publish on the alert topic only', () => {
    const [rolePolicy] = resourcesOf(everything, 'aws_iam_role_policy');
    const statements = JSON.parse(String(rolePolicy.policy)).Statement as { Sid: string }[];
    expect(statements.filter((statement) => !statement.Sid.startsWith('Platform'))).toEqual([
      { Sid: 'PublishAlertsToAlertTopic', Effect: 'Allow', Action: 'sns:Publish', Resource: expect.stringMatching(/^\$\{aws_sns_topic\.alerts_topic_/) },
    ]);
  });

  it('watches a configured list, in both filters', () => {
    const custom = synthIam({ eventNames: ['CreateUser', 'UpdateAssumeRolePolicy'] });
    const [filter] = resourcesOf(custom, 'aws_cloudwatch_log_metric_filter');
    const [rule] = resourcesOf(custom, 'aws_cloudwatch_event_rule');
    for (const [eventName, watched] of [
      ['UpdateAssumeRolePolicy', true],
      ['CreateAccessKey', false],
    ] as const) {
      expect(matchesLogFilter(String(filter.pattern), iamCall(eventName))).toBe(watched);
      expect((JSON.parse(String(rule.event_pattern)).detail.eventName as string[]).includes(eventName)).toBe(watched);
    }
  });

  it('leaves out the alarm or the detailed alert when switched off', () => {
    const alarmOnly = synthIam({ detailedAlert: false });
    expect(alarmOnly).not.toHaveResource(LambdaFunction);
    expect(alarmOnly).not.toHaveResource(CloudwatchEventRule);
    expect(alarmOnly).toHaveResource(CloudwatchMetricAlarm);
    const detailedOnly = synthIam({ alarm: false, createTrail: true });
    expect(detailedOnly).not.toHaveResource(CloudwatchLogMetricFilter);
    expect(resourcesOf(detailedOnly, 'aws_cloudwatch_metric_alarm').map((alarm) => alarm.alarm_name)).not.toContain('test-iam-changes');
    // Asked for, the trail is created even though this guard's alarm is off (another guard may read it).
    expect(resourcesOf(detailedOnly, 'aws_cloudtrail')).toHaveLength(1);
  });

  it('warns at synth when the home region is not where EventBridge receives IAM events, and only then', () => {
    const warningsIn = (region: string, settings: IamChangeAlertSettings = {}) => {
      const warnings: string[] = [];
      Testing.synthScope((scope) => {
        const wiring = guardWiring(scope);
        const guard = new IamChangeAlert(scope, 'iam-change-alert', { ...wiring, ...settings, environment: { ...wiring.environment, region } });
        warnings.push(...guard.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.WARN).map((entry) => String(entry.data)));
      });
      return warnings;
    };
    expect(warningsIn('eu-west-1')).toEqual([expect.stringMatching(/^iam-change-alert: EventBridge receives IAM's events in us-east-1 only/)]);
    expect(warningsIn('us-east-1')).toEqual([]);
    expect(warningsIn('eu-west-1', { detailedAlert: false })).toEqual([]);
  });

  it('rejects bad settings at synth, naming the guard and the field', () => {
    expect(() => synthIam({ eventNames: [] })).toThrow(/^iam-change-alert: eventNames: /);
    expect(() => synthIam({ eventNames: ['iam:CreateUser'] })).toThrow(/^iam-change-alert: eventNames\[0\]: must be an IAM API call name/);
    expect(() => synthIam({ eventNames: ['CreateUser', 'CreateUser'] })).toThrow(/^iam-change-alert: eventNames\[1\]: duplicate value CreateUser/);
    const tooMany = Array.from({ length: 40 }, (_, index) => `CreateSomething${index}`);
    expect(() => synthIam({ eventNames: tooMany })).toThrow(/eventNames: make a metric filter pattern of \d+ characters; CloudWatch Logs accepts at most 1024/);
    expect(() => synthIam({ alarm: false, detailedAlert: false })).toThrow(/^iam-change-alert: alarm: alarm and detailedAlert are both off/);
    expect(() => synthIam({ metricNamespace: 'AWS/IAM' })).toThrow(/^iam-change-alert: metricNamespace: must not start with AWS\//);
  });

  it('matches the snapshot', () => {
    expect(JSON.parse(everything)).toMatchSnapshot();
  });
});
