import { serviceWriterKeyGrants } from './rules/service-writer-key-grants';
import { checkExample } from './rule-expectations';
import { exampleConfigFiles, exampleModel, findBody } from './terraform-model';
import { TerraformJson } from '../helpers/synth';

type Stacks = { name: string; json: TerraformJson }[];

/** Removes one statement (by Sid) from the policy of the stack's KMS key. */
function withoutKeyStatement(stacks: Stacks, stackName: string, sid: string): void {
  const { body } = findBody(stacks, stackName, 'aws_kms_key');
  const policy = JSON.parse(String(body.policy)) as { Statement: { Sid: string }[] };
  if (!policy.Statement.some((statement) => statement.Sid === sid)) throw new Error(`${stackName}: the key policy has no ${sid}`);
  body.policy = JSON.stringify({ ...policy, Statement: policy.Statement.filter((statement) => statement.Sid !== sid) });
}

describe('AWS rule: a service writing to an encrypted topic or queue is allowed in its key policy', () => {
  it.each(exampleConfigFiles)('%s holds it, but for the known violations (expected-violations.ts)', (configFile) => {
    const check = checkExample('service-writer-key-grants', serviceWriterKeyGrants, configFile);
    expect(check.reported).toEqual(check.expected);
    expect(check.findingsNotSaid).toEqual([]);
  });

  it("reports a hub rule that targets the encrypted topic when the key policy lacks events.amazonaws.com (issue 19's high finding)", () => {
    // No hub rule targets the topic since relay functions alert the other regions' alarms, so the
    // hub key grants EventBridge nothing: point a rule at the topic.
    const model = exampleModel('examples/organization.yaml', (stacks) => {
      const { body } = findBody(stacks, 'hub-us-east-1', 'aws_cloudwatch_event_target', (_, id) => id === 'tamper-target');
      body.arn = 'arn:aws:sns:us-east-1:111111111111:guards-alerts';
    });
    const violations = serviceWriterKeyGrants(model);
    expect(violations.map((violation) => violation.resource)).toEqual(['hub-us-east-1/aws_cloudwatch_event_target.tamper-target']);
    expect(violations[0].message).toContain('events.amazonaws.com writes to hub-us-east-1/aws_sns_topic.');
    expect(violations[0].message).toContain('hub-us-east-1/aws_kms_key.');
    expect(violations[0].message).toContain('https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html');
  });

  it("reports every tamper rule of a standalone stack when the key's events grant names another topic", () => {
    const model = exampleModel('examples/single-account.yaml', (stacks) => {
      const { body } = findBody(stacks, stacks[0].name, 'aws_kms_key');
      body.policy = String(body.policy).replace(/arn:aws:sns:([a-z0-9-]+):(\d{12}):guards-alerts/g, 'arn:aws:sns:$1:$2:someone-elses-topic');
    });
    const violations = serviceWriterKeyGrants(model);
    expect(violations.length).toBeGreaterThanOrEqual(10);
    expect(violations.every((violation) => /aws_cloudwatch_event_target\.tamper-alert_target-/.test(violation.resource))).toBe(true);
  });

  it('reports the alarms that notify the encrypted topic when the key policy lacks cloudwatch.amazonaws.com', () => {
    const model = exampleModel('examples/single-account.yaml', (stacks) =>
      withoutKeyStatement(stacks, stacks[0].name, 'CloudWatchAlarmsPublishToEncryptedTopic'),
    );
    const violations = serviceWriterKeyGrants(model);
    expect(violations.length).toBeGreaterThan(5);
    expect(violations.every((violation) => violation.resource.includes('/aws_cloudwatch_metric_alarm.'))).toBe(true);
    expect(violations[0].message).toContain('cloudwatch.amazonaws.com writes to');
  });

  it('reports a topic encrypted with the AWS managed key, whose policy cannot grant the service', () => {
    const model = exampleModel('examples/single-account.yaml', (stacks) => {
      findBody(stacks, stacks[0].name, 'aws_sns_topic').body.kms_master_key_id = 'alias/aws/sns';
    });
    expect(serviceWriterKeyGrants(model).some((violation) => violation.message.includes('the AWS managed key alias/aws/sns'))).toBe(true);
  });
});
