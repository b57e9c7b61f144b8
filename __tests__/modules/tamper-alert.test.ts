import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { eventPatternLimit, tamperAttemptPattern, tamperEventPatterns, tamperGroups } from '../../modules/common/tamper-alert';

const environment = { accountId: '123456789012', region: 'us-east-1' };
const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const patterns = Object.values(tamperEventPatterns(environment, 'guards', keyArn));
type Json = Record<string, unknown>;
/** Whether any of the tamper rules matches (the calls are split over five rules), and any of their attempt rules. */
const anyRule = { matches: (candidate: unknown): boolean => patterns.some((pattern) => matchesEventPattern(pattern, candidate)) };
const anyAttemptRule = { matches: (candidate: unknown): boolean => patterns.some((pattern) => matchesEventPattern(tamperAttemptPattern(pattern), candidate)) };
const event = (name: string, changes: (detail: Json) => Json = (detail) => detail) => eventBridgeEnvelope(changes(cloudTrailRecord(`tamper-alert/${name}`)));

describe('the tamper-alert event patterns', () => {
  it("each fits EventBridge's 2,048 characters with the longest name prefix (32) and region", () => {
    const longest = tamperEventPatterns({ accountId: '123456789012', region: 'ap-southeast-7' }, 'a'.repeat(32), '${aws_kms_key.guards-key_key_F64E54E4.arn}');
    for (const pattern of Object.values(longest)) {
      expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(eventPatternLimit);
      expect(JSON.stringify(tamperAttemptPattern(pattern)).length).toBeLessThanOrEqual(eventPatternLimit);
    }
  });

  it("matches a guard function's code replaced by ARN, the stack key disabled, and the guards' trail stopped", () => {
    expect(anyRule.matches(event('update-function-code.json'))).toBe(true);
    expect(anyRule.matches(event('disable-key.json'))).toBe(true);
    expect(anyRule.matches(event('stop-logging.json'))).toBe(true);
  });

  it('matches every form of the function name: name, partial ARN, ARN', () => {
    for (const functionName of [
      'guards-region-lockdown',
      '123456789012:function:guards-region-lockdown',
      'arn:aws:lambda:us-east-1:123456789012:function:guards-region-lockdown',
    ]) {
      expect(anyRule.matches(event('update-function-code.json', (detail) => ({ ...detail, requestParameters: { functionName } })))).toBe(true);
    }
  });

  it('leaves other functions, other keys, failed calls and other accounts alone', () => {
    expect(anyRule.matches(event('update-function-code.json', (detail) => ({ ...detail, requestParameters: { functionName: 'payments-api' } })))).toBe(false);
    expect(anyRule.matches(event('disable-key.json', (detail) => ({ ...detail, resources: [{ ARN: 'arn:aws:kms:us-east-1:123456789012:key/other' }] })))).toBe(
      false,
    );
    expect(anyRule.matches(event('stop-logging.json', (detail) => ({ ...detail, errorCode: 'AccessDenied' })))).toBe(false);
    expect(anyRule.matches({ ...event('stop-logging.json'), account: '999999999999' })).toBe(false);
  });

  it('matches a refused call on a guard resource with the attempt rules only', () => {
    const refused = event('stop-logging.json', (detail) => ({ ...detail, errorCode: 'AccessDenied' }));
    expect(anyAttemptRule.matches(refused)).toBe(true);
    expect(anyAttemptRule.matches(event('stop-logging.json'))).toBe(false);
    expect(
      anyAttemptRule.matches(event('stop-logging.json', (detail) => ({ ...detail, errorCode: 'AccessDenied', requestParameters: { name: 'data-events' } }))),
    ).toBe(false);
  });

  it('matches the calls that silence a guard: alarms, failure queues, log filters, event invoke config, subscriptions, recorder, GuardDuty, replays', () => {
    const call = (source: string, eventSource: string, eventName: string, requestParameters: Json | null) => ({
      ...event('stop-logging.json', (detail) => ({ ...detail, eventSource, eventName, requestParameters })),
      source,
    });
    const silencing = [
      call('aws.cloudwatch', 'monitoring.amazonaws.com', 'DisableAlarmActions', { alarmNames: ['guards-instance-quarantine-errors'] }),
      call('aws.cloudwatch', 'monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: ['app-latency', 'guards-quarantine-i-0123456789abcdef0'] }),
      call('aws.sqs', 'sqs.amazonaws.com', 'PurgeQueue', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/guards-instance-quarantine-failures' }),
      call('aws.logs', 'logs.amazonaws.com', 'DeleteSubscriptionFilter', { logGroupName: '/app/fleet', filterName: 'guards-instance-quarantine-fleet' }),
      call('aws.logs', 'logs.amazonaws.com', 'DeleteMetricFilter', { logGroupName: '/app/web-01', filterName: 'guards-quarantine-i-0123456789abcdef0' }),
      // Rewriting a guard filter's pattern silences its alarm as well as deleting it.
      call('aws.logs', 'logs.amazonaws.com', 'PutMetricFilter', {
        logGroupName: '/app/web-01',
        filterName: 'guards-quarantine-i-0123456789abcdef0',
        filterPattern: 'nothing',
      }),
      call('aws.lambda', 'lambda.amazonaws.com', 'PutFunctionEventInvokeConfig20190925', { functionName: 'guards-instance-quarantine' }),
      call('aws.sns', 'sns.amazonaws.com', 'Subscribe', {
        topicArn: 'arn:aws:sns:us-east-1:123456789012:guards-alerts',
        protocol: 'email',
        endpoint: 'x@example.com',
      }),
      call('aws.config', 'config.amazonaws.com', 'PutConfigurationRecorder', { configurationRecorder: { name: 'default' } }),
      call('aws.config', 'config.amazonaws.com', 'PutConfigRule', { configRule: { configRuleName: 'anything' } }),
      call('aws.guardduty', 'guardduty.amazonaws.com', 'CreateFilter', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', action: 'ARCHIVE' }),
      call('aws.guardduty', 'guardduty.amazonaws.com', 'UpdateDetector', { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: false }),
      call('aws.guardduty', 'guardduty.amazonaws.com', 'DisassociateFromMasterAccount', { detectorId: '12abc34d567e8fa901bc2d34e56789f0' }),
      call('aws.events', 'events.amazonaws.com', 'StartReplay', { replayName: 'again' }),
    ];
    for (const candidate of silencing) {
      const eventName = (candidate as unknown as { detail: { eventName: string } }).detail.eventName;
      expect([eventName, anyRule.matches(candidate)]).toEqual([eventName, true]);
    }
    // The same calls on resources that are not the guards'.
    expect(anyRule.matches(call('aws.cloudwatch', 'monitoring.amazonaws.com', 'DeleteAlarms', { alarmNames: ['app-latency'] }))).toBe(false);
    expect(
      anyRule.matches(call('aws.sqs', 'sqs.amazonaws.com', 'PurgeQueue', { queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/payments-jobs' })),
    ).toBe(false);
    expect(anyRule.matches(call('aws.sns', 'sns.amazonaws.com', 'Subscribe', { topicArn: 'arn:aws:sns:us-east-1:123456789012:payments-events' }))).toBe(false);
  });

  it('matches role changes on guard roles and Config recorder stops, not other roles', () => {
    const iamCall = (eventName: string, requestParameters: Json) =>
      event('stop-logging.json', (detail) => ({ ...detail, eventSource: 'iam.amazonaws.com', eventName, requestParameters }));
    expect(anyRule.matches({ ...iamCall('PutRolePolicy', { roleName: 'guards-instance-quarantine', policyName: 'x' }), source: 'aws.iam' })).toBe(true);
    expect(anyRule.matches({ ...iamCall('PutRolePolicy', { roleName: 'app-role', policyName: 'x' }), source: 'aws.iam' })).toBe(false);
    const stopRecorder = event('stop-logging.json', (detail) => ({
      ...detail,
      eventSource: 'config.amazonaws.com',
      eventName: 'StopConfigurationRecorder',
      requestParameters: { configurationRecorderName: 'default' },
    }));
    expect(anyRule.matches({ ...stopRecorder, source: 'aws.config' })).toBe(true);
  });
});

describe('the tamper alert in every example stack', () => {
  const [stack] = synthesizeConfigFile('examples/single-account.yaml');

  it('sends matches to the alert topic as a readable line, and the topic and key let that one rule publish', () => {
    const rules = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_event_rule'));
    const tamper = rules.find((rule) => rule.name === 'guards-tamper-topic-key-trail')!;
    const kms = (JSON.parse(String(tamper.event_pattern)).detail.$or as { eventSource: string[]; resources?: { ARN: string[] } }[]).find(
      (part) => part.eventSource[0] === 'kms.amazonaws.com',
    );
    expect(kms?.resources?.ARN[0]).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    const targets = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_event_target')).filter((candidate) => candidate.target_id === 'alert-topic');
    expect(targets).toHaveLength(2 * tamperGroups.length);
    for (const target of targets) {
      expect(String(target.arn)).toMatch(/^\$\{aws_sns_topic\..+\.arn\}$/);
      expect(JSON.stringify(target.input_transformer)).toMatch(
        String(target.rule).includes('-attempts') ? /GUARD TAMPERING ATTEMPT \(refused: <errorCode>\)/ : /GUARD TAMPERING: <who> called <call>/,
      );
    }
    const topicPolicy = JSON.parse(String(Object.values(resourcesOfType(stack.json, 'aws_sns_topic_policy'))[0].policy)) as {
      Statement: { Sid: string; Condition: { ArnEquals: Record<string, string[]> } }[];
    };
    expect(topicPolicy.Statement.find((statement) => statement.Sid === 'GuardRulesPublish')?.Condition.ArnEquals['aws:SourceArn']).toEqual(
      tamperGroups
        .flatMap((group) => [`guards-tamper-${group}`, `guards-tamper-${group}-attempts`])
        .map((name) => `arn:aws:events:us-east-1:123456789012:rule/${name}`)
        .sort(),
    );
    const keyPolicy = JSON.parse(String(Object.values(resourcesOfType(stack.json, 'aws_kms_key'))[0].policy)) as {
      Statement: { Sid: string; Condition?: unknown }[];
    };
    expect(keyPolicy.Statement.find((statement) => statement.Sid === 'EventBridgePublishesToEncryptedTopic')?.Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '123456789012', 'kms:EncryptionContext:aws:sns:topicArn': ['arn:aws:sns:us-east-1:123456789012:guards-alerts'] },
    });
  });

  it('alarms on FailedInvocations of every EventBridge rule of the stack', () => {
    const ruleNames = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_event_rule'))
      .map((rule) => String(rule.name))
      .sort();
    const alarms = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_metric_alarm')).filter((alarm) => alarm.metric_name === 'FailedInvocations');
    expect(alarms.map((alarm) => (alarm.dimensions as { RuleName: string }).RuleName).sort()).toEqual(ruleNames);
    expect(ruleNames).toContain('guards-region-lockdown-new-user');
  });
});
