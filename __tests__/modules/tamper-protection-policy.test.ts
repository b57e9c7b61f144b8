/**
 * The guards' tamper-protection service control policy, simulated by an IAM policy evaluator
 * (@cloud-copilot/iam-simulate, a dev dependency) as a member account's SCP.
 */
import { Testing } from 'cdktf';
import { AlertTopic } from '../../modules/common/alert-topic';
import { GuardsKey } from '../../modules/common/guards-key';
import { tamperProtectionPolicy, tamperProtectionPolicyJson } from '../../modules/common/tamper-protection-policy';
import { RegionLockdown } from '../../modules/region-lockdown';
import { resourcesOf } from '../helpers/guard-scope';
import { PolicyDocument, policyProblems } from '../helpers/iam-policy-checks';
import { decideUnderScp } from '../helpers/scp-simulation';

const accountId = '222233334444';
const policy = tamperProtectionPolicy({ namePrefix: 'guards', exemptPrincipalArns: ['arn:aws:iam::*:role/deployer'] });
const powerUser = `arn:aws:iam::${accountId}:role/PowerUser`;

const decide = (principal: string, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> =>
  decideUnderScp({ name: 'guards-tamper-protection', policy }, accountId, { principal, action, resource, context });

const guardFunction = `arn:aws:lambda:eu-west-1:${accountId}:function:guards-instance-quarantine`;

describe('the tamper-protection service control policy', () => {
  it('denies a member-account admin changing a guard function, role, rule or the trail', async () => {
    expect(await decide(powerUser, 'lambda:UpdateFunctionCode', guardFunction)).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'iam:PutRolePolicy', `arn:aws:iam::${accountId}:role/guards-region-lockdown`)).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'events:DisableRule', `arn:aws:events:eu-west-1:${accountId}:rule/guards-tamper-alert`)).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'cloudtrail:StopLogging', `arn:aws:cloudtrail:eu-west-1:${accountId}:trail/guards-trail`)).toBe('ExplicitlyDenied');
  });

  it("denies a member-account admin changing hub mode's member resources: forwarding, tamper and heartbeat rules, guard roles, deny policies", async () => {
    for (const rule of ['guards-forward-to-hub', 'guards-tamper-to-hub', 'guards-heartbeat', 'guards-region-lockdown-reconcile']) {
      for (const action of ['events:DeleteRule', 'events:DisableRule', 'events:RemoveTargets', 'events:PutRule']) {
        expect([rule, action, await decide(powerUser, action, `arn:aws:events:eu-west-1:${accountId}:rule/${rule}`)]).toEqual([
          rule,
          action,
          'ExplicitlyDenied',
        ]);
      }
    }
    for (const role of [
      'guards-hub-forwarder-us-east-1',
      'guards-instance-quarantine-remediation-us-east-1',
      'guards-exposed-ports-rule-remediation-us-east-1',
    ]) {
      for (const action of ['iam:DetachRolePolicy', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:UpdateAssumeRolePolicy']) {
        expect([role, action, await decide(powerUser, action, `arn:aws:iam::${accountId}:role/${role}`)]).toEqual([role, action, 'ExplicitlyDenied']);
      }
    }
    for (const policyName of ['guards-quarantine-revoke-instance-sessions-us-east-1', 'guards-region-lockdown-us-east-1']) {
      for (const action of ['iam:CreatePolicyVersion', 'iam:SetDefaultPolicyVersion', 'iam:DeletePolicyVersion', 'iam:DeletePolicy']) {
        expect([policyName, action, await decide(powerUser, action, `arn:aws:iam::${accountId}:policy/${policyName}`)]).toEqual([
          policyName,
          action,
          'ExplicitlyDenied',
        ]);
      }
    }
  });

  it('denies creating a role named like a guard role (it would be exempt), and only that', async () => {
    expect(await decide(powerUser, 'iam:CreateRole', `arn:aws:iam::${accountId}:role/guards-escape`)).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'iam:CreateRole', `arn:aws:iam::${accountId}:role/payments-api`)).toBe('Allowed');
    expect(await decide(`arn:aws:iam::${accountId}:role/deployer`, 'iam:CreateRole', `arn:aws:iam::${accountId}:role/guards-escape`)).toBe('Allowed');
  });

  it('leaves the deployer, the guard roles and other functions alone', async () => {
    expect(await decide(`arn:aws:iam::${accountId}:role/deployer`, 'lambda:UpdateFunctionCode', guardFunction)).toBe('Allowed');
    expect(await decide(`arn:aws:iam::${accountId}:role/guards-region-lockdown`, 'lambda:UpdateFunctionCode', guardFunction)).toBe('Allowed');
    expect(await decide(powerUser, 'lambda:UpdateFunctionCode', `arn:aws:lambda:eu-west-1:${accountId}:function:payments-api`)).toBe('Allowed');
  });

  it('denies disabling the stack key (named by its alias) and writing guards:* tags', async () => {
    const key = `arn:aws:kms:eu-west-1:${accountId}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
    expect(await decide(powerUser, 'kms:DisableKey', key, { 'kms:ResourceAliases': ['alias/guards'] })).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'kms:DisableKey', key, { 'kms:ResourceAliases': ['alias/payments'] })).toBe('Allowed');
    const instance = `arn:aws:ec2:eu-west-1:${accountId}:instance/i-0123456789abcdef0`;
    expect(await decide(powerUser, 'ec2:CreateTags', instance, { 'aws:TagKeys': ['guards:quarantine-exempt'] })).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'ec2:CreateTags', instance, { 'aws:TagKeys': ['Name'] })).toBe('Allowed');
    // The quarantine acts only on alarms tagged guards:managed-by: a member cannot tag its own alarm into a trigger.
    const alarm = `arn:aws:cloudwatch:eu-west-1:${accountId}:alarm:web-cpu-high`;
    expect(await decide(powerUser, 'cloudwatch:TagResource', alarm, { 'aws:TagKeys': ['guards:managed-by'] })).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'cloudwatch:UntagResource', alarm, { 'aws:TagKeys': ['guards:managed-by'] })).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'cloudwatch:TagResource', alarm, { 'aws:TagKeys': ['team'] })).toBe('Allowed');
  });

  it('denies silencing the guards: alarms disabled, deleted or set, failure queues purged, event invoke config, subscriptions, the agent parameter', async () => {
    const region = 'eu-west-1';
    for (const [action, resource] of [
      ['cloudwatch:DisableAlarmActions', `arn:aws:cloudwatch:${region}:${accountId}:alarm:guards-quarantine-i-0123456789abcdef0`],
      ['cloudwatch:DeleteAlarms', `arn:aws:cloudwatch:${region}:${accountId}:alarm:guards-tamper-functions-failed-invocations`],
      ['cloudwatch:SetAlarmState', `arn:aws:cloudwatch:${region}:${accountId}:alarm:guards-quarantine-i-0123456789abcdef0`],
      ['sqs:PurgeQueue', `arn:aws:sqs:${region}:${accountId}:guards-instance-quarantine-failures`],
      ['lambda:PutFunctionEventInvokeConfig', guardFunction],
      ['sns:Subscribe', `arn:aws:sns:${region}:${accountId}:guards-alerts`],
      ['ssm:PutParameter', `arn:aws:ssm:${region}:${accountId}:parameter/guards-instance-quarantine-cloudwatch-agent`],
    ]) {
      expect([action, await decide(powerUser, action, resource)]).toEqual([action, 'ExplicitlyDenied']);
      expect([action, await decide(`arn:aws:iam::${accountId}:role/deployer`, action, resource)]).toEqual([action, 'Allowed']);
    }
    expect(await decide(powerUser, 'cloudwatch:SetAlarmState', `arn:aws:cloudwatch:${region}:${accountId}:alarm:payments-latency`)).toBe('Allowed');
    expect(await decide(powerUser, 'sqs:PurgeQueue', `arn:aws:sqs:${region}:${accountId}:payments-jobs`)).toBe('Allowed');
  });

  it("denies GuardDuty archive filters and detector changes, replays, recorder changes, and metric data in the quarantine's namespace", async () => {
    const detector = `arn:aws:guardduty:eu-west-1:${accountId}:detector/12abc34d567e8fa901bc2d34e56789f0`;
    for (const [action, resource] of [
      ['guardduty:CreateFilter', `${detector}/filter/hide-findings`],
      ['guardduty:UpdateFilter', `${detector}/filter/hide-findings`],
      ['guardduty:UpdateDetector', detector],
      ['guardduty:DeleteDetector', detector],
      // IAM authorizes these on `*` only.
      ['guardduty:DisassociateFromMasterAccount', '*'],
      ['guardduty:DisassociateFromAdministratorAccount', '*'],
    ]) {
      expect([action, await decide(powerUser, action, resource)]).toEqual([action, 'ExplicitlyDenied']);
    }
    expect(await decide(powerUser, 'events:StartReplay', `arn:aws:events:eu-west-1:${accountId}:replay/again`)).toBe('ExplicitlyDenied');
    expect(await decide(powerUser, 'config:PutConfigurationRecorder', '*')).toBe('ExplicitlyDenied');
    const metric = (namespace: string) => decide(powerUser, 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': namespace });
    expect(await metric('SecurityGuards/InstanceQuarantine')).toBe('ExplicitlyDenied');
    expect(await metric('CWAgent')).toBe('Allowed');
  });

  it("denies PutMetricFilter and DeleteMetricFilter on the log groups whose filters feed guard alarms: the guards' own and the named ones", async () => {
    const named = tamperProtectionPolicy({
      namePrefix: 'guards',
      exemptPrincipalArns: ['arn:aws:iam::*:role/deployer'],
      metricFilterLogGroupNames: ['/app/web-01'],
    });
    const decideNamed = (principal: string, action: string, resource: string) =>
      decideUnderScp({ name: 'guards-tamper-protection', policy: named }, accountId, { principal, action, resource });
    const logGroup = (name: string) => `arn:aws:logs:eu-west-1:${accountId}:log-group:${name}`;
    for (const action of ['logs:PutMetricFilter', 'logs:DeleteMetricFilter']) {
      // The CIS alarms' default trail log group, and an instance's application log group named in alarmInstances.
      expect([action, await decideNamed(powerUser, action, logGroup('/guards/cloudtrail'))]).toEqual([action, 'ExplicitlyDenied']);
      expect([action, await decideNamed(powerUser, action, logGroup('/app/web-01'))]).toEqual([action, 'ExplicitlyDenied']);
      expect([action, await decideNamed(`arn:aws:iam::${accountId}:role/deployer`, action, logGroup('/app/web-01'))]).toEqual([action, 'Allowed']);
      expect([action, await decideNamed(powerUser, action, logGroup('/app/payments'))]).toEqual([action, 'Allowed']);
    }
    // Without names, only the guards' own log groups.
    expect(await decide(powerUser, 'logs:PutMetricFilter', logGroup('/app/web-01'))).toBe('Allowed');
    expect(await decide(powerUser, 'logs:PutMetricFilter', logGroup('/guards/cloudtrail'))).toBe('ExplicitlyDenied');
  });

  it('names only real actions, operators and condition keys, and fits the 5,120 characters of an SCP', async () => {
    expect(await policyProblems(policy as unknown as PolicyDocument)).toEqual([]);
    expect(() =>
      tamperProtectionPolicyJson({
        namePrefix: 'guards',
        exemptPrincipalArns: Array.from({ length: 80 }, (_, index) => `arn:aws:iam::*:role/break-glass-${index}`),
      }),
    ).toThrow(/AWS Organizations allows at most 5120/);
  });

  it("is created, attached to the region deny's targets, when organizations mode asks to protect the guards", () => {
    const environment = { accountId: '111122223333', region: 'us-east-1' };
    const synthesized = Testing.synthScope((scope) => {
      const key = new GuardsKey(scope, 'key', { environment, namePrefix: 'guards' });
      const alertTopic = new AlertTopic(scope, 'alerts', { environment, namePrefix: 'guards', key, emails: [] });
      new RegionLockdown(scope, 'region-lockdown', {
        environment,
        namePrefix: 'guards',
        key,
        alertTopic,
        allowedRegions: ['us-east-1'],
        organizationsMode: {
          managementAccountId: '111122223333',
          targetIds: ['ou-ab12-cdef3456'],
          exemptPrincipalArns: ['arn:aws:iam::*:role/deployer'],
          protectGuards: true,
        },
      });
    });
    const policies = resourcesOf(synthesized, 'aws_organizations_policy');
    expect(policies.map((candidate) => candidate.name)).toEqual(['guards-region-lockdown', 'guards-tamper-protection']);
    expect(JSON.parse(String(policies[1].content))).toEqual(
      tamperProtectionPolicy({ namePrefix: 'guards', exemptPrincipalArns: ['arn:aws:iam::*:role/deployer'] }),
    );
    expect(resourcesOf(synthesized, 'aws_organizations_policy_attachment')).toHaveLength(2);
  });
});
