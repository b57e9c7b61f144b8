import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { matchesEventPattern } from '../helpers/event-pattern-matcher';
import { resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { eventPatternLimit, tamperEventPatterns } from '../../modules/common/tamper-alert';

const environment = { accountId: '123456789012', region: 'us-east-1' };
const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const patterns = Object.values(tamperEventPatterns(environment, 'guards', keyArn));
type Json = Record<string, unknown>;
/** Whether any of the tamper rules matches (the calls are split over three rules). */
const anyRule = { matches: (candidate: unknown): boolean => patterns.some((pattern) => matchesEventPattern(pattern, candidate)) };
const event = (name: string, changes: (detail: Json) => Json = (detail) => detail) => eventBridgeEnvelope(changes(cloudTrailRecord(`tamper-alert/${name}`)));

describe('the tamper-alert event patterns', () => {
  it("each fits EventBridge's 2,048 characters with the longest name prefix (32) and region", () => {
    const longest = tamperEventPatterns({ accountId: '123456789012', region: 'ap-southeast-7' }, 'a'.repeat(32), '${aws_kms_key.guards-key_key_F64E54E4.arn}');
    for (const pattern of Object.values(longest)) expect(JSON.stringify(pattern).length).toBeLessThanOrEqual(eventPatternLimit);
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
    expect(targets).toHaveLength(3);
    for (const target of targets) {
      expect(String(target.arn)).toMatch(/^\$\{aws_sns_topic\..+\.arn\}$/);
      expect(JSON.stringify(target.input_transformer)).toContain('GUARD TAMPERING: <who> called <call>');
    }
    const topicPolicy = JSON.parse(String(Object.values(resourcesOfType(stack.json, 'aws_sns_topic_policy'))[0].policy)) as {
      Statement: { Sid: string; Condition: { ArnEquals: Record<string, string[]> } }[];
    };
    expect(topicPolicy.Statement.find((statement) => statement.Sid === 'GuardRulesPublish')?.Condition.ArnEquals['aws:SourceArn']).toEqual(
      ['functions', 'roles-and-rules', 'topic-key-trail'].map((group) => `arn:aws:events:us-east-1:123456789012:rule/guards-tamper-${group}`),
    );
    const keyPolicy = JSON.parse(String(Object.values(resourcesOfType(stack.json, 'aws_kms_key'))[0].policy)) as { Statement: { Sid: string }[] };
    expect(keyPolicy.Statement.map((statement) => statement.Sid)).toContain('EventBridgePublishesToEncryptedTopic');
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
