/**
 * Hub mode with `hub.configRules: organization` (examples/organization.yaml): where the Config
 * guards' parts go, what each role may do, and which accounts the organization rules leave out.
 */
import { exposedPortsRuleStatements } from '../../modules/exposed-ports-rule/permissions';
import { exposedPortsRuleParameters } from '../../handlers/exposed-ports-rule/contract';
import { exposedPortsRuleDefaults } from '../../modules/exposed-ports-rule/settings';
import { inactiveUserRuleStatements } from '../../modules/inactive-user-rule/permissions';
import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { SynthesizedStack, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

const hubAccount = '111111111111';
const org = 'o-a1b2c3d4e5';
const hubRegions = ['ap-southeast-2', 'eu-south-2', 'eu-west-1', 'us-east-1'];
// Every account turns both rules on except staging (333333333333), out of the inactive-user rule.
const exposedMembers = ['111111111111', '222222222222', '333333333333', '444444444444'];
const inactiveMembers = ['111111111111', '222222222222', '444444444444'];

let stacks: SynthesizedStack[];
const stack = (name: string) => stacks.find((candidate) => candidate.name === name)!;
const values = (json: SynthesizedStack['json'], type: string) => Object.values(resourcesOfType(json, type));
const policyOf = (text: unknown) => JSON.parse(String(text)) as { Statement: Record<string, any>[] };
const hubStacks = () => stacks.filter((candidate) => candidate.name.startsWith('hub-'));
const spokeStacks = () => stacks.filter((candidate) => !candidate.name.startsWith('hub-') && !candidate.name.startsWith('artifacts-'));
const roleArn = (region: string, guard: string) => `arn:aws:iam::${hubAccount}:role/guards-${guard}-${region}`;

beforeAll(() => {
  stacks = synthesizeConfigFile('examples/organization.yaml');
});

describe('Config rules as organization rules (hub mode)', () => {
  it('puts the exposed-ports organization rule and its function in every hub region, the inactive-user one in the home region only', () => {
    for (const hub of hubStacks()) {
      const region = hub.name.replace(/^hub-/, '');
      const rules = values(hub.json, 'aws_config_organization_custom_rule')
        .map((rule) => rule.name)
        .sort();
      expect(rules).toEqual(region === 'us-east-1' ? ['guards-exposed-ports', 'guards-inactive-users'] : ['guards-exposed-ports']);
      const functions = values(hub.json, 'aws_lambda_function').map((fn) => fn.function_name);
      expect(functions).toContain('guards-exposed-ports-rule');
      expect(functions.includes('guards-inactive-user-rule')).toBe(region === 'us-east-1');
      // Nor a per-account rule in the hub: Config makes the member rules itself.
      expect(values(hub.json, 'aws_config_config_rule')).toHaveLength(0);
    }
  });

  it('gives the organization rule the triggers, scope, parameters and frequency of the per-account rule, and leaves out the accounts switched off', () => {
    const home = stack('hub-us-east-1').json;
    const rules = values(home, 'aws_config_organization_custom_rule');
    const exposed = rules.find((rule) => rule.name === 'guards-exposed-ports')!;
    expect(exposed).toMatchObject({
      trigger_types: ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification'],
      resource_types_scope: ['AWS::EC2::SecurityGroup', 'AWS::EC2::Instance'],
      maximum_execution_frequency: exposedPortsRuleDefaults.periodicFrequency,
      input_parameters: JSON.stringify(exposedPortsRuleParameters({ ...exposedPortsRuleDefaults, forbiddenPorts: [22, 3389, '6000-6063'] })),
    });
    expect(exposed.excluded_accounts).toBeUndefined();
    const inactive = rules.find((rule) => rule.name === 'guards-inactive-users')!;
    expect(inactive).toMatchObject({ resource_types_scope: ['AWS::IAM::User'], excluded_accounts: ['333333333333'] });
    expect(JSON.parse(String(inactive.input_parameters))).toMatchObject({ maxInactiveDays: '90' });
  });

  it("lets Config invoke each function only from a served member's account, and creates the rule after those permissions", () => {
    for (const hub of hubStacks()) {
      const permissions = values(hub.json, 'aws_lambda_permission').filter((permission) => permission.principal === 'config.amazonaws.com');
      const byFunction = (guard: string) =>
        permissions
          .filter((permission) => String(permission.function_name).includes(`aws_lambda_function.${guard}_function_`))
          .map((permission) => [permission.source_account, permission.statement_id]);
      expect(byFunction('exposed-ports-rule')).toEqual(exposedMembers.map((id) => [id, `config-rule-of-${id}`]));
      expect(byFunction('inactive-user-rule')).toEqual(hub.name === 'hub-us-east-1' ? inactiveMembers.map((id) => [id, `config-rule-of-${id}`]) : []);
    }
    const home = stack('hub-us-east-1').json;
    for (const rule of values(home, 'aws_config_organization_custom_rule')) {
      expect((rule.depends_on as string[]).filter((dependency) => dependency.startsWith('aws_lambda_permission.'))).toHaveLength(
        rule.name === 'guards-exposed-ports' ? exposedMembers.length : inactiveMembers.length,
      );
    }
  });

  it('tells each function the name of its organization rule (foreign rules are dropped by the handler)', () => {
    const home = stack('hub-us-east-1').json;
    const variablesOf = (name: string) =>
      (values(home, 'aws_lambda_function').find((fn) => fn.function_name === name)!.environment as { variables: Record<string, string> }).variables;
    expect(variablesOf('guards-exposed-ports-rule').CONFIG_RULE_NAME).toBe('guards-exposed-ports');
    expect(variablesOf('guards-inactive-user-rule').CONFIG_RULE_NAME).toBe('guards-inactive-users');
  });

  it("lets each hub Config function assume only the members' read-only roles of its guard, and nothing else in members", () => {
    const configPolicies = hubStacks().flatMap((hub) =>
      values(hub.json, 'aws_iam_role_policy').filter((candidate) => /^guards-(exposed-ports|inactive-user)-rule-/.test(String(candidate.name))),
    );
    // The exposed-ports function in every hub region, the inactive-user one in the home region only.
    expect(configPolicies.map((policy) => policy.name).sort()).toEqual(
      [...hubRegions.map((region) => `guards-exposed-ports-rule-${region}`), 'guards-inactive-user-rule-us-east-1'].sort(),
    );
    for (const policy of configPolicies) {
      const guard = String(policy.name).startsWith('guards-exposed-ports-rule-') ? 'exposed-ports-rule' : 'inactive-user-rule';
      const members = guard === 'exposed-ports-rule' ? exposedMembers : inactiveMembers;
      const foreign = policyOf(policy.policy).Statement.filter((statement) =>
        [statement.Action].flat().some((action: string) => /^(sts|ec2|iam|config):/.test(action)),
      );
      expect(foreign).toEqual([
        {
          Sid: 'AssumeMemberRemediationRoles',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: members.map((id) => `arn:aws:iam::${id}:role/guards-${guard}-remediation-us-east-1`),
          Condition: { StringEquals: { 'aws:ResourceOrgID': org } },
        },
      ]);
    }
  });

  const readOnlyRoles = (spoke: SynthesizedStack) =>
    values(spoke.json, 'aws_iam_role').filter((role) => /(exposed-ports|inactive-user)-rule-remediation/.test(String(role.name)));
  const homeSpokes = () => spokeStacks().filter((spoke) => spoke.name.endsWith('-us-east-1'));

  it('makes the read-only roles in the home region only (IAM is global), one per Config guard switched on', () => {
    expect(
      spokeStacks()
        .filter((spoke) => !spoke.name.endsWith('-us-east-1'))
        .flatMap(readOnlyRoles),
    ).toEqual([]);
    const byAccount = Object.fromEntries(
      homeSpokes().map((spoke) => [
        (spoke.json.provider.aws[0].allowed_account_ids as string[])[0],
        readOnlyRoles(spoke)
          .map((role) => role.name)
          .sort(),
      ]),
    );
    expect(byAccount).toEqual({
      '111111111111': ['guards-exposed-ports-rule-remediation-us-east-1', 'guards-inactive-user-rule-remediation-us-east-1'],
      '222222222222': ['guards-exposed-ports-rule-remediation-us-east-1', 'guards-inactive-user-rule-remediation-us-east-1'],
      '333333333333': ['guards-exposed-ports-rule-remediation-us-east-1'],
      '444444444444': ['guards-exposed-ports-rule-remediation-us-east-1', 'guards-inactive-user-rule-remediation-us-east-1'],
    });
  });

  it("trusts each read-only role to its guard's hub roles only, and grants exactly the standalone function's calls, reads and reports only", () => {
    for (const spoke of homeSpokes()) {
      const accountId = (spoke.json.provider.aws[0].allowed_account_ids as string[])[0];
      const standaloneOf: Record<string, string[]> = {
        'exposed-ports-rule': exposedPortsRuleStatements({ accountId, region: 'us-east-1' }).flatMap((statement) => statement.actions),
        'inactive-user-rule': inactiveUserRuleStatements({ accountId, region: 'us-east-1' }).flatMap((statement) => statement.actions),
      };
      for (const role of readOnlyRoles(spoke)) {
        const guard = String(role.name)
          .replace(/^guards-/, '')
          .replace(/-remediation-us-east-1$/, '');
        const hubRoleArns = (guard === 'exposed-ports-rule' ? hubRegions : ['us-east-1']).map((region) => roleArn(region, guard));
        expect(policyOf(role.assume_role_policy).Statement).toEqual([
          {
            Sid: 'OnlyTheHubFunctionOfThisGuard',
            Effect: 'Allow',
            Principal: { AWS: hubRoleArns },
            Action: 'sts:AssumeRole',
            Condition: { ArnEquals: { 'aws:PrincipalArn': hubRoleArns }, StringEquals: { 'aws:PrincipalOrgID': org } },
          },
        ]);
        const policy = values(spoke.json, 'aws_iam_role_policy').find((candidate) => candidate.name === role.name)!;
        const granted = policyOf(policy.policy).Statement.flatMap((statement) => [statement.Action].flat()) as string[];
        expect(new Set(granted)).toEqual(new Set(standaloneOf[guard]));
        expect(granted.filter((action) => !/^(ec2:Describe|iam:(Get|List|Generate)|config:(Get|PutEvaluations))/.test(action))).toEqual([]);
      }
    }
  });

  it('lets the read-only role describe security groups in the hub regions of the rule only', () => {
    for (const spoke of homeSpokes()) {
      const policy = values(spoke.json, 'aws_iam_role_policy').find((candidate) => candidate.name === 'guards-exposed-ports-rule-remediation-us-east-1')!;
      const describe = policyOf(policy.policy).Statement.find((statement) => statement.Action === 'ec2:DescribeSecurityGroups')!;
      expect(describe.Condition).toEqual({ StringEquals: { 'ec2:Region': hubRegions } });
    }
  });

  it('puts no function, topic, key or Config rule of its own in a member', () => {
    for (const spoke of spokeStacks()) {
      for (const type of [
        'aws_lambda_function',
        'aws_sns_topic',
        'aws_kms_key',
        'aws_config_config_rule',
        'aws_config_configuration_recorder',
        'aws_config_organization_custom_rule',
      ]) {
        expect(values(spoke.json, type)).toHaveLength(0);
      }
    }
  });

  it("alerts on changes to a member's read-only roles like its remediation role: forwarded by the member's tamper rule from the home region, matched by the hub's tamper rule", () => {
    // The recorded PutRolePolicy on the quarantine's remediation role, aimed at a read-only role instead.
    const onRole = (roleName: string) => {
      const record = cloudTrailRecord('hub/put-policy-on-remediation-role.json');
      return eventBridgeEnvelope({ ...record, requestParameters: { ...(record.requestParameters as Record<string, unknown>), roleName } });
    };
    const forwarding = JSON.parse(
      String(values(stack('production-us-east-1').json, 'aws_cloudwatch_event_rule').find((rule) => rule.name === 'guards-tamper-to-hub')!.event_pattern),
    );
    const hubTamper = JSON.parse(
      String(values(stack('hub-us-east-1').json, 'aws_cloudwatch_event_rule').find((rule) => rule.name === 'guards-hub-tamper')!.event_pattern),
    );
    for (const roleName of ['guards-exposed-ports-rule-remediation-us-east-1', 'guards-inactive-user-rule-remediation-us-east-1']) {
      expect(matchesEventPattern(forwarding, onRole(roleName))).toBe(true);
      expect(matchesEventPattern(hubTamper, onRole(roleName))).toBe(true);
    }
    expect(matchesEventPattern(forwarding, onRole('some-application-role'))).toBe(false);
  });
});
