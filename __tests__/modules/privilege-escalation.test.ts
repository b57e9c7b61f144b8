/**
 * The same check as `npm run check:escalation`: every IAM role of every example stack, simulated
 * against every published privilege-escalation method, must have no path. One test per role, so a
 * failing role is named (the instance-quarantine role fails until its fencing is merged: issue #11).
 */
import { escalationMethods } from '../../scripts/escalation/escalation-methods';
import { exampleConfigFiles, rolesOfConfig } from '../../scripts/escalation/example-roles';
import { escalationReport, findEscalationPaths } from '../../scripts/escalation/simulate-escalation';
import { StackRole, stackRoles } from '../../scripts/escalation/stack-roles';

jest.setTimeout(300_000);

const environment = { accountId: '123456789012', region: 'eu-west-1' };
const role = (statements: unknown[], extra: Partial<StackRole> = {}): StackRole => ({
  stack: 'test',
  roleName: 'probe',
  ...environment,
  policies: [{ name: 'inline probe', document: { Version: '2012-10-17', Statement: statements } }],
  unreadable: [],
  ...extra,
});

describe('the escalation check itself', () => {
  it('lists every method once, each with its published source and at least one step', () => {
    const ids = escalationMethods.map((method) => method.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'CreatePolicyVersion',
        'SetDefaultPolicyVersion',
        'CreateAccessKey',
        'CreateLoginProfile',
        'UpdateLoginProfile',
        'AttachUserPolicy',
        'PutRolePolicy',
        'AddUserToGroup',
        'UpdateAssumeRolePolicy',
        'PassRole+RunInstances',
        'PassRole+CreateFunction+InvokeFunction',
        'UpdateFunctionCode',
      ]),
    );
    for (const method of escalationMethods) {
      expect(['RHINO', 'BISHOPFOX', 'PROJECT']).toContain(method.source);
      expect(method.steps.length).toBeGreaterThan(0);
    }
  });

  it('finds every method in an Allow * role (each method is reachable by a real grant)', async () => {
    const { findings } = await findEscalationPaths(role([{ Effect: 'Allow', Action: '*', Resource: '*' }]));
    expect(findings).toHaveLength(escalationMethods.length);
  });

  it('needs every step: PassRole alone, or RunInstances alone, is not a path; both are', async () => {
    const passRole = { Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/*' };
    const runInstances = { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: '*' };
    expect((await findEscalationPaths(role([passRole]))).findings).toEqual([]);
    expect((await findEscalationPaths(role([runInstances]))).findings).toEqual([]);
    expect((await findEscalationPaths(role([passRole, runInstances]))).findings).toEqual([expect.stringMatching(/^PassRole\+RunInstances /)]);
  });

  it('does not count AttachUserPolicy fenced to one deny policy (iam:PolicyARN), and counts it unfenced', async () => {
    const fenced = {
      Effect: 'Allow',
      Action: 'iam:AttachUserPolicy',
      Resource: 'arn:aws:iam::123456789012:user/*',
      Condition: { ArnEquals: { 'iam:PolicyARN': ['arn:aws:iam::123456789012:policy/guards-region-lockdown-us-east-1'] } },
    };
    expect((await findEscalationPaths(role([fenced]))).findings).toEqual([]);
    const unfenced = { Effect: fenced.Effect, Action: fenced.Action, Resource: fenced.Resource };
    expect((await findEscalationPaths(role([unfenced]))).findings).toEqual([expect.stringMatching(/^AttachUserPolicy /)]);
  });

  it('reads inline, attached and stack-defined managed policies, and fails closed on a policy it cannot read', () => {
    const roles = stackRoles('s', {
      provider: { aws: [{ region: 'eu-west-1', allowed_account_ids: ['123456789012'] }] },
      resource: {
        aws_iam_role: { r1: { name: 'guards-a' } },
        aws_iam_role_policy: {
          p1: {
            role: '${aws_iam_role.r1.id}',
            name: 'guards-a',
            policy: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sns:Publish","Resource":"${aws_sns_topic.t.arn}"}]}',
          },
        },
        aws_iam_policy: { m1: { name: 'deny', policy: '{"Version":"2012-10-17","Statement":[]}' } },
        aws_iam_role_policy_attachment: {
          a1: { role: '${aws_iam_role.r1.name}', policy_arn: '${aws_iam_policy.m1.arn}' },
          a2: { role: 'guards-a', policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
          a3: { role: '${aws_iam_role.r1.name}', policy_arn: 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole' },
        },
      },
    });
    expect(roles).toHaveLength(1);
    expect(roles[0].policies.map((policy) => policy.name)).toEqual(['inline guards-a', 'managed deny']);
    expect(roles[0].unreadable).toEqual([
      'managed arn:aws:iam::aws:policy/AdministratorAccess: not defined in the stack and not a known read-only AWS managed policy',
    ]);
  });

  it('prints one line per role and the totals the script prints', () => {
    const { lines, paths } = escalationReport([
      { role: role([]), findings: [] },
      { role: role([], { roleName: 'bad' }), findings: ['PutRolePolicy (RHINO: x)'] },
    ]);
    expect(lines).toEqual(['test probe: ok', 'test bad: 1 escalation path(s): PutRolePolicy (RHINO: x)', 'roles=2 escalation_paths=1']);
    expect(paths).toBe(1);
  });
});

describe('every IAM role of every example stack', () => {
  const roles = exampleConfigFiles().flatMap((file) => rolesOfConfig(file));

  it('finds the roles of every example (functions and service roles)', () => {
    expect(roles.length).toBeGreaterThan(20);
    expect(new Set(roles.map((candidate) => candidate.roleName))).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    expect(roles.map((candidate) => candidate.roleName)).toEqual(
      expect.arrayContaining(['guards-region-lockdown-us-east-1', 'guards-instance-quarantine-us-east-1', 'guards-trail-to-logs-us-east-1']),
    );
  });

  it.each(roles.map((candidate) => [`${candidate.stack} ${candidate.roleName}`, candidate] as const))('%s has no escalation path', async (_name, candidate) => {
    const { findings } = await findEscalationPaths(candidate);
    expect(findings).toEqual([]);
  });
});
