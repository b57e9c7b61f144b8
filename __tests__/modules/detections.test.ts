import { Testing } from 'cdktf';
import { Detections, DetectionsSettings } from '../../modules/detections';
import { detectionCatalogue, maxEventPatternLength, readDetectionsEnvironment } from '../../handlers/detections/contract';
import { AlertTopic } from '../../modules/common/alert-topic';
import { GuardsKey } from '../../modules/common/guards-key';
import { resourcesOf } from '../helpers/guard-scope';

function synthDetections(region: string, settings: DetectionsSettings = {}): string {
  return Testing.synthScope((scope) => {
    const environment = { accountId: '123456789012', region };
    const key = new GuardsKey(scope, 'key', { environment, namePrefix: 'test' });
    const alertTopic = new AlertTopic(scope, 'alerts', { environment, namePrefix: 'test', key, emails: ['a@example.com'] });
    new Detections(scope, 'detections', { environment, namePrefix: 'test', key, alertTopic, ...settings });
  });
}

function renderedIds(synthesized: string): readonly string[] {
  const [fn] = resourcesOf(synthesized, 'aws_lambda_function');
  return readDetectionsEnvironment((fn.environment as { variables: Record<string, string> }).variables).detections;
}

describe('Detections construct', () => {
  it("holds every detection in us-east-1, where EventBridge receives the global services' events too", () => {
    expect(renderedIds(synthDetections('us-east-1'))).toEqual(detectionCatalogue.map((detection) => detection.id));
  });

  it('holds only the regional detections elsewhere, so that an IAM or Organizations call alerts once', () => {
    const ids = renderedIds(synthDetections('eu-west-1'));
    expect(ids).toEqual(detectionCatalogue.filter((detection) => detection.scope === 'regional').map((detection) => detection.id));
    expect(ids).not.toContain('role-trust-change');
  });

  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html: event pattern size, 2,048 characters.
  it("keeps every rule's pattern within EventBridge's 2,048 characters, each rule sending {ruleIndex, event} to the function", () => {
    const synthesized = synthDetections('us-east-1');
    const rules = resourcesOf(synthesized, 'aws_cloudwatch_event_rule');
    expect(rules.length).toBeGreaterThan(1);
    for (const rule of rules) expect(String(rule.event_pattern).length).toBeLessThanOrEqual(maxEventPatternLength);
    const targets = resourcesOf(synthesized, 'aws_cloudwatch_event_target');
    expect(targets.map((target) => (target.input_transformer as { input_template: string }).input_template)).toEqual(
      rules.map((_, index) => `{"ruleIndex": ${index}, "event": <aws.events.event.json>}`),
    );
    expect(resourcesOf(synthesized, 'aws_lambda_permission')).toHaveLength(rules.length);
  });

  it('leaves out the disabled detections and passes the allow-list to the function', () => {
    const synthesized = synthDetections('us-east-1', {
      disabled: ['unauthorized-api-calls'],
      allowList: [{ detection: 'lambda-code-change', principalArns: ['arn:aws:sts::123456789012:assumed-role/deployer/*'] }],
    });
    expect(renderedIds(synthesized)).not.toContain('unauthorized-api-calls');
    const [fn] = resourcesOf(synthesized, 'aws_lambda_function');
    expect(JSON.parse((fn.environment as { variables: Record<string, string> }).variables.DETECTION_ALLOW_LIST)).toEqual([
      { detection: 'lambda-code-change', principalArns: ['arn:aws:sts::123456789012:assumed-role/deployer/*'] },
    ]);
  });

  it('refuses bad settings, naming the guard and the field', () => {
    expect(() => synthDetections('us-east-1', { disabled: ['no-such-detection' as never] })).toThrow('detections: disabled[0]: Invalid option');
    expect(() => synthDetections('us-east-1', { allowList: [{ detection: 'lambda-code-change' }] })).toThrow('must name principalArns, accounts or invokedBy');
    expect(() => synthDetections('us-east-1', { allowList: [{ detection: 'lambda-code-change', principalArns: ['deployer'] }] })).toThrow(
      'must be an IAM or STS principal ARN',
    );
    expect(() => synthDetections('us-east-1', { allowList: [{ detection: 'lambda-code-change', accounts: ['12345'] }] })).toThrow('12-digit');
    expect(() =>
      synthDetections('us-east-1', { disabled: ['lambda-code-change'], allowList: [{ detection: 'lambda-code-change', accounts: ['123456789012'] }] }),
    ).toThrow('lambda-code-change is disabled: its allowance would do nothing');
  });

  it('creates nothing when every detection of the region is disabled', () => {
    const regional = detectionCatalogue.filter((detection) => detection.scope === 'regional').map((detection) => detection.id);
    const synthesized = synthDetections('eu-west-1', { disabled: regional });
    expect(resourcesOf(synthesized, 'aws_lambda_function')).toHaveLength(0);
    expect(resourcesOf(synthesized, 'aws_cloudwatch_event_rule')).toHaveLength(0);
  });
});
