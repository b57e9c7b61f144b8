import { servicePrincipalConditions } from './rules/service-principal-conditions';
import { checkExample } from './rule-expectations';
import { exampleConfigFiles, exampleModel, findBody } from './terraform-model';

describe('AWS rule: service principal statements hold on the keys the service sends, and are scoped by them', () => {
  it.each(exampleConfigFiles)('%s holds it, but for the known violations (expected-violations.ts)', (configFile) => {
    const check = checkExample('service-principal-conditions', servicePrincipalConditions, configFile);
    expect(check.reported).toEqual(check.expected);
    expect(check.findingsNotSaid).toEqual([]);
  });

  it('reports a topic policy statement for CloudWatch conditioned on aws:PrincipalOrgID, which a service request never carries', () => {
    const model = exampleModel('examples/single-account.yaml', (stacks) => {
      const { body } = findBody(stacks, stacks[0].name, 'aws_sns_topic_policy');
      body.policy = String(body.policy).replace('"aws:SourceAccount"', '"aws:PrincipalOrgID"');
    });
    const violations = servicePrincipalConditions(model);
    expect(violations.map((violation) => violation.resource)).toEqual([expect.stringMatching(/\/aws_sns_topic_policy\./)]);
    expect(violations[0].message).toContain("condition key aws:PrincipalOrgID, which a service principal's request never carries");
  });

  it('reports a Lambda permission for EventBridge without a source rule, and a key grant for EventBridge without a scope', () => {
    const model = exampleModel('examples/single-account.yaml', (stacks) => {
      const permission = findBody(stacks, stacks[0].name, 'aws_lambda_permission', (body) => body.principal === 'events.amazonaws.com');
      delete permission.body.source_arn;
      delete permission.body.source_account;
      const key = findBody(stacks, stacks[0].name, 'aws_kms_key');
      const policy = JSON.parse(String(key.body.policy)) as { Statement: { Sid: string; Condition?: unknown }[] };
      for (const statement of policy.Statement) if (statement.Sid === 'EventBridgePublishesToEncryptedTopic') delete statement.Condition;
      key.body.policy = JSON.stringify(policy);
    });
    const messages = servicePrincipalConditions(model).map((violation) => violation.message);
    expect(messages).toContainEqual(
      expect.stringMatching(/aws_lambda_permission\..*: the permission for events\.amazonaws\.com has no aws:SourceArn or aws:SourceAccount/),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(/aws_kms_key\..*: statement EventBridgePublishesToEncryptedTopic for events\.amazonaws\.com has no aws:SourceArn/),
    );
  });
});
