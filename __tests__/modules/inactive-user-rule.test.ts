import { Testing } from 'cdktf';
import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { InactiveUserRule, InactiveUserRuleSettings } from '../../modules/inactive-user-rule';
import { parseInactivityPolicy } from '../../handlers/inactive-user-rule/contract';
import { guardWiring, resourcesOf } from '../helpers/guard-scope';

function synthRule(settings: InactiveUserRuleSettings = {}): string {
  return Testing.synthScope((scope) => {
    new InactiveUserRule(scope, 'inactive-user-rule', { ...guardWiring(scope), ...settings });
  });
}

function handlerStatementsOf(synthesized: string): { Sid: string; Action: string | string[]; Resource: string | string[] }[] {
  const rolePolicy = resourcesOf(synthesized, 'aws_iam_role_policy').find((policy) => policy.name === 'test-inactive-user-rule');
  const statements = JSON.parse(String(rolePolicy?.policy)).Statement as { Sid: string; Action: string | string[]; Resource: string | string[] }[];
  return statements.filter((statement) => !statement.Sid.startsWith('Platform'));
}

describe('InactiveUserRule construct', () => {
  const defaults = synthRule();

  it('runs the built handler with room for the sweep of a large account', () => {
    expect(defaults).toHaveResourceWithProperties(LambdaFunction, {
      function_name: 'test-inactive-user-rule',
      runtime: 'nodejs22.x',
      timeout: 300,
      memory_size: 512,
    });
  });

  it('is a custom Lambda Config rule on IAM users, on change, oversized change and a daily schedule', () => {
    expect(defaults).toHaveResourceWithProperties(ConfigConfigRule, {
      name: 'test-inactive-users',
      scope: { compliance_resource_types: ['AWS::IAM::User'] },
      source: expect.objectContaining({
        owner: 'CUSTOM_LAMBDA',
        source_detail: [
          { event_source: 'aws.config', message_type: 'ConfigurationItemChangeNotification' },
          { event_source: 'aws.config', message_type: 'OversizedConfigurationItemChangeNotification' },
          { event_source: 'aws.config', message_type: 'ScheduledNotification', maximum_execution_frequency: 'TwentyFour_Hours' },
        ],
      }),
    });
    expect(defaults).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'config.amazonaws.com',
      source_account: '111122223333',
      source_arn: 'arn:aws:config:eu-west-1:111122223333:config-rule/*',
    });
  });

  it('passes maxInactiveDays, the grace period and the exemptions as rule parameters the handler reads back', () => {
    const custom = synthRule({
      maxInactiveDays: 45,
      newUserGraceDays: 14,
      exemptUserNames: ['break-glass', 'ci@example'],
      exemptTagKey: 'security:keep',
      judgeEachCredential: true,
    });
    const [rule] = resourcesOf(custom, 'aws_config_config_rule');
    const parameters = JSON.parse(String(rule.input_parameters));
    expect(parameters).toEqual({
      maxInactiveDays: '45',
      newUserGraceDays: '14',
      exemptTagKey: 'security:keep',
      judgeEachCredential: 'true',
      exemptUserNames: 'break-glass,ci@example',
    });
    expect(parseInactivityPolicy(parameters)).toEqual({
      maxInactiveDays: 45,
      newUserGraceDays: 14,
      exemptUserNames: new Set(['break-glass', 'ci@example']),
      exemptTagKey: 'security:keep',
      judgeEachCredential: true,
    });
    // Off unless asked (the documented default).
    expect(JSON.parse(String(resourcesOf(defaults, 'aws_config_config_rule')[0].input_parameters)).judgeEachCredential).toBe('false');
  });

  it("grants the report, the user list and one user's credential reads, scoped where IAM allows", () => {
    expect(handlerStatementsOf(defaults)).toEqual([
      expect.objectContaining({
        Sid: 'ReadCredentialReportAndUsers',
        Action: ['iam:GenerateCredentialReport', 'iam:GetCredentialReport', 'iam:GetAccountAuthorizationDetails'],
        Resource: '*',
      }),
      expect.objectContaining({
        Sid: 'ReadOneUsersCredentialUse',
        Action: ['iam:GetUser', 'iam:ListAccessKeys', 'iam:GetAccessKeyLastUsed'],
        Resource: 'arn:aws:iam::111122223333:user/*',
      }),
      expect.objectContaining({ Action: ['config:PutEvaluations', 'config:GetResourceConfigHistory'], Resource: '*' }),
      expect.objectContaining({
        Action: 'config:GetComplianceDetailsByConfigRule',
        Resource: 'arn:aws:config:eu-west-1:111122223333:config-rule/*',
      }),
    ]);
  });

  it('records IAM users when asked to create the recorder', () => {
    expect(defaults).not.toHaveResource(ConfigConfigurationRecorder);
    expect(synthRule({ createConfigRecorder: true })).toHaveResourceWithProperties(ConfigConfigurationRecorder, {
      recording_group: expect.objectContaining({ resource_types: ['AWS::IAM::User'], include_global_resource_types: false }),
    });
  });

  it('rejects bad settings at synth, naming the guard and the field', () => {
    expect(() => synthRule({ maxInactiveDays: 0 })).toThrow(/^inactive-user-rule: maxInactiveDays: /);
    expect(() => synthRule({ newUserGraceDays: 1.5 })).toThrow(/inactive-user-rule: newUserGraceDays: /);
    expect(() => synthRule({ exemptUserNames: ['smith,john'] })).toThrow(/exemptUserNames\[0\]: must be an IAM user name/);
    expect(() => synthRule({ exemptTagKey: 'aws:createdBy' })).toThrow(/inactive-user-rule: exemptTagKey: must not start with aws:/);
    expect(() => synthRule({ maxInactiveDay: 30 } as InactiveUserRuleSettings)).toThrow(/inactive-user-rule: maxInactiveDay: unknown key/);
  });

  it('refuses exempt user names that make the rule parameters longer than AWS Config accepts', () => {
    const names = Array.from({ length: 80 }, (_, index) => `service-account-${index}`);
    expect(() => synthRule({ exemptUserNames: names })).toThrow(/exemptUserNames: .*AWS Config accepts at most 1024/);
  });

  it('synthesizes the same Terraform as the reviewed snapshot', () => {
    expect(JSON.parse(defaults)).toMatchSnapshot();
  });
});
