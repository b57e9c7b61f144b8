import { Testing } from 'cdktf';
import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { ExposedPortsRule, ExposedPortsRuleSettings } from '../../modules/exposed-ports-rule';
import { parseForbiddenPortsPolicy } from '../../handlers/exposed-ports-rule/contract';
import { guardWiring, resourcesOf } from '../helpers/guard-scope';

/** A Terraform reference to an attribute of the resource whose logical id starts with `idPrefix`. */
function ref(type: string, idPrefix: string, attribute: string): unknown {
  return expect.stringMatching(new RegExp(`^\\$\\{${type}\\.${idPrefix}_[0-9A-F]{8}\\.${attribute}\\}$`));
}

function synthRule(settings: ExposedPortsRuleSettings = {}): string {
  return Testing.synthScope((scope) => {
    new ExposedPortsRule(scope, 'exposed-ports-rule', { ...guardWiring(scope), ...settings });
  });
}

function rolePolicyOf(synthesized: string): { Statement: { Sid: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown }[] } {
  const rolePolicy = resourcesOf(synthesized, 'aws_iam_role_policy').find((policy) => policy.name === 'test-exposed-ports-rule');
  return JSON.parse(String(rolePolicy?.policy));
}

describe('ExposedPortsRule construct', () => {
  const defaults = synthRule();

  it('runs the built handler with a timeout long enough for the periodic sweep', () => {
    expect(defaults).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-exposed-ports-rule',
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      timeout: 300,
    });
    const [fn] = resourcesOf(defaults, 'aws_lambda_function');
    expect(String(fn.filename)).toMatch(/exposed-ports-rule\.zip$/);
  });

  it('is a custom Lambda Config rule on groups and instances, on change, oversized change and a daily schedule', () => {
    expect(defaults).toHaveResourceWithProperties(ConfigConfigRule, {
      name: 'test-exposed-ports',
      scope: { compliance_resource_types: ['AWS::EC2::SecurityGroup', 'AWS::EC2::Instance'] },
      source: {
        owner: 'CUSTOM_LAMBDA',
        source_identifier: ref('aws_lambda_function', 'exposed-ports-rule_function', 'arn'),
        source_detail: [
          { event_source: 'aws.config', message_type: 'ConfigurationItemChangeNotification' },
          { event_source: 'aws.config', message_type: 'OversizedConfigurationItemChangeNotification' },
          { event_source: 'aws.config', message_type: 'ScheduledNotification', maximum_execution_frequency: 'TwentyFour_Hours' },
        ],
      },
    });
  });

  it("lets Config invoke the function for this account's rules only, before the rule is created", () => {
    expect(defaults).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'config.amazonaws.com',
      action: 'lambda:InvokeFunction',
      source_account: '111122223333',
      source_arn: 'arn:aws:config:eu-west-1:111122223333:config-rule/*',
    });
    const [rule] = resourcesOf(defaults, 'aws_config_config_rule');
    expect(rule.depends_on).toEqual([expect.stringMatching(/^aws_lambda_permission\.exposed-ports-rule_function_invoke-config-rules_[0-9A-F]{8}$/)]);
  });

  it('sends invocations that still fail after two retries to the encrypted failure queue', () => {
    expect(defaults).toHaveResourceWithProperties(LambdaFunctionEventInvokeConfig, {
      maximum_retry_attempts: 2,
      destination_config: { on_failure: { destination: ref('aws_sqs_queue', 'exposed-ports-rule_function_failure-queue', 'arn') } },
    });
  });

  it('passes the default forbidden ports as rule parameters the handler reads back', () => {
    const [rule] = resourcesOf(defaults, 'aws_config_config_rule');
    const parameters = JSON.parse(String(rule.input_parameters));
    expect(parameters).toEqual({ forbiddenPorts: '20,21,22,23,135,445,1433,1521,3306,3389,5432,5900,6379,9200,11211,27017' });
    expect(parseForbiddenPortsPolicy(parameters).forbidden).toContainEqual({ from: 3389, to: 3389 });
  });

  it('passes custom ports, ranges and exceptions, and a custom frequency', () => {
    const custom = synthRule({
      forbiddenPorts: [22, '1000-2000'],
      allowedExceptions: [{ groupId: 'sg-0123456789abcdef0', port: 22 }],
      periodicFrequency: 'Six_Hours',
    });
    const [rule] = resourcesOf(custom, 'aws_config_config_rule');
    const parameters = JSON.parse(String(rule.input_parameters));
    expect(parameters).toEqual({ forbiddenPorts: '22,1000-2000', allowedExceptions: 'sg-0123456789abcdef0:22' });
    expect(parseForbiddenPortsPolicy(parameters)).toEqual({
      forbidden: [
        { from: 22, to: 22 },
        { from: 1000, to: 2000 },
      ],
      exceptions: [{ groupId: 'sg-0123456789abcdef0', range: { from: 22, to: 22 } }],
    });
    expect((rule.source as { source_detail: { maximum_execution_frequency?: string }[] }).source_detail[2].maximum_execution_frequency).toBe('Six_Hours');
  });

  it('grants exactly the group reads (in its region), evaluations and oversized-item reads', () => {
    const handlerStatements = rolePolicyOf(defaults).Statement.filter((statement) => !statement.Sid.startsWith('Platform'));
    expect(handlerStatements).toEqual([
      {
        Sid: 'ReadCurrentSecurityGroupRules',
        Effect: 'Allow',
        Action: 'ec2:DescribeSecurityGroups',
        Resource: '*',
        Condition: { StringEquals: { 'ec2:Region': 'eu-west-1' } },
      },
      {
        Sid: 'ReportEvaluationsAndReadOversizedItems',
        Effect: 'Allow',
        Action: ['config:PutEvaluations', 'config:GetResourceConfigHistory'],
        Resource: '*',
      },
    ]);
  });

  it("uses the account's recorder unless asked to create one", () => {
    expect(defaults).not.toHaveResource(ConfigConfigurationRecorder);
    const withRecorder = synthRule({ createConfigRecorder: true });
    expect(withRecorder).toHaveResourceWithProperties(ConfigConfigurationRecorder, {
      recording_group: expect.objectContaining({ all_supported: false, resource_types: ['AWS::EC2::Instance', 'AWS::EC2::SecurityGroup'] }),
    });
    const [rule] = resourcesOf(withRecorder, 'aws_config_config_rule');
    expect(rule.depends_on).toContainEqual(expect.stringMatching(/^aws_config_configuration_recorder_status\.config-recorder_status_[0-9A-F]{8}$/));
  });

  it('rejects bad settings at synth, naming the guard and the field', () => {
    expect(() => synthRule({ forbiddenPorts: [70000] })).toThrow(/^exposed-ports-rule: forbiddenPorts\[0\]: /);
    expect(() => synthRule({ forbiddenPorts: ['2000-1000'] })).toThrow(/exposed-ports-rule: forbiddenPorts\[0\]: must be a range from low to high/);
    expect(() => synthRule({ forbiddenPorts: [] })).toThrow(/exposed-ports-rule: forbiddenPorts: /);
    expect(() => synthRule({ allowedExceptions: [{ groupId: 'web', port: 22 }] })).toThrow(/allowedExceptions\[0\]\.groupId: must be a security group id/);
    expect(() => synthRule({ periodicFrequency: 'Daily' as never })).toThrow(/exposed-ports-rule: periodicFrequency: /);
    expect(() => synthRule({ forbidenPorts: [22] } as ExposedPortsRuleSettings)).toThrow(/exposed-ports-rule: forbidenPorts: unknown key/);
  });

  it('refuses rule parameters longer than AWS Config accepts', () => {
    const manyPorts = Array.from({ length: 300 }, (_, index) => 10000 + index * 2);
    expect(() => synthRule({ forbiddenPorts: manyPorts })).toThrow(/forbiddenPorts: .*AWS Config accepts at most 1024/);
  });

  it('synthesizes the same Terraform as the reviewed snapshot', () => {
    expect(JSON.parse(defaults)).toMatchSnapshot();
  });
});
