/**
 * region-lockdown in hub mode (examples/organization.yaml): one function in the hub's home region,
 * and in each member's home region the deny policy, a remediation role that may attach only it,
 * and the reconcile schedule whose tick goes to the hub bus. Forwarding and routing are checked
 * against the real CreateUser record and the DetachUserPolicy fixture in their EventBridge envelope.
 */
import { regionDenyPolicyJson } from '../../handlers/region-lockdown/region-deny-policy';
import { regionLockdownStatements } from '../../modules/region-lockdown/permissions';
import { eventPatternLimit } from '../../modules/common/tamper-alert';
import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { SynthesizedStack, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

const hubAccount = '111111111111';
const members = ['111111111111', '222222222222', '333333333333', '444444444444'];
const allowedRegions = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'eu-south-2'];

let stacks: SynthesizedStack[];
const stack = (name: string) => stacks.find((candidate) => candidate.name === name)!;
const values = (json: SynthesizedStack['json'], type: string) => Object.values(resourcesOfType(json, type));
const policyOf = (text: unknown) => JSON.parse(String(text)) as { Statement: Record<string, any>[] };
const rule = (stackName: string, ruleName: string) =>
  values(stack(stackName).json, 'aws_cloudwatch_event_rule').find((candidate) => candidate.name === ruleName);
const pattern = (stackName: string, ruleName: string) => JSON.parse(String(rule(stackName, ruleName)!.event_pattern)) as Record<string, unknown>;

beforeAll(() => {
  stacks = synthesizeConfigFile('examples/organization.yaml');
});

/** A member's real CloudTrail call as its rule sees it (the envelope names the member account). */
function memberCall(recordName: string, account: string, changes: Record<string, unknown> = {}): Record<string, unknown> {
  const record = { ...cloudTrailRecord(recordName), recipientAccountId: account, ...changes };
  return { ...eventBridgeEnvelope(record), account, region: 'us-east-1' };
}

const tickOf = (account: string) => ({
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account,
  time: '2026-11-26T00:00:00Z',
  region: 'us-east-1',
  resources: [`arn:aws:events:us-east-1:${account}:rule/guards-region-lockdown-reconcile`],
  detail: {},
});

describe('placement', () => {
  it("runs one region-lockdown function, in the hub home region, assuming only the members' region-lockdown roles", () => {
    const holders = stacks
      .filter((candidate) => values(candidate.json, 'aws_lambda_function').some((fn) => fn.function_name === 'guards-region-lockdown'))
      .map((candidate) => candidate.name);
    expect(holders).toEqual(['hub-us-east-1']);
    const fn = values(stack('hub-us-east-1').json, 'aws_lambda_function').find((candidate) => candidate.function_name === 'guards-region-lockdown')!;
    const variables = (fn.environment as { variables: Record<string, string> }).variables;
    expect(variables).toMatchObject({
      ALLOWED_REGIONS: allowedRegions.join(','),
      SCOPE: 'ec2-changes',
      DENY_POLICY_NAME: 'guards-region-lockdown-us-east-1',
      REMOTE_ROLE_NAME: 'guards-region-lockdown-remediation-us-east-1',
      EXEMPT_PATH_PREFIXES: '/break-glass/',
    });
    expect(variables.POLICY_ARNS).toBeUndefined();
    const policy = values(stack('hub-us-east-1').json, 'aws_iam_role_policy').find((candidate) => candidate.name === 'guards-region-lockdown-us-east-1')!;
    const statements = policyOf(policy.policy).Statement;
    // Only AssumeRole on the members' roles and the hub's own alert path: no IAM call of its own.
    expect(statements.flatMap((statement) => [statement.Action].flat()).filter((action: string) => action.startsWith('iam:'))).toEqual([]);
    expect(statements.find((statement) => statement.Action === 'sts:AssumeRole')).toEqual({
      Sid: 'AssumeMemberRemediationRoles',
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Resource: members.map((id) => `arn:aws:iam::${id}:role/guards-region-lockdown-remediation-us-east-1`),
      Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } },
    });
  });

  it("gives each member's home region the standalone deny document, and nothing of the guard elsewhere", () => {
    for (const name of ['security-tooling-us-east-1', 'production-us-east-1', 'staging-us-east-1', 'data-platform-us-east-1']) {
      const deny = values(stack(name).json, 'aws_iam_policy').find((policy) => policy.name === 'guards-region-lockdown-us-east-1')!;
      expect(JSON.parse(String(deny.policy))).toEqual(JSON.parse(regionDenyPolicyJson({ allowedRegions, scope: 'ec2-changes' })));
    }
    const elsewhere = stacks.filter((candidate) => !candidate.name.endsWith('-us-east-1') && !candidate.name.startsWith('artifacts-'));
    expect(elsewhere.flatMap((candidate) => values(candidate.json, 'aws_iam_policy').map((policy) => policy.name))).toEqual([]);
    expect(
      elsewhere
        .flatMap((candidate) => values(candidate.json, 'aws_cloudwatch_event_rule').map((r) => r.name))
        .filter((n) => String(n).includes('region-lockdown')),
    ).toEqual([]);
  });

  it("gives each member a role trusted by the hub function's role only, with the standalone statements minus the alert topic", () => {
    const spoke = stack('production-us-east-1');
    const role = values(spoke.json, 'aws_iam_role').find((candidate) => candidate.name === 'guards-region-lockdown-remediation-us-east-1')!;
    const hubRole = [`arn:aws:iam::${hubAccount}:role/guards-region-lockdown-us-east-1`];
    expect(policyOf(role.assume_role_policy).Statement).toEqual([
      {
        Sid: 'OnlyTheHubFunctionOfThisGuard',
        Effect: 'Allow',
        Principal: { AWS: hubRole },
        Action: 'sts:AssumeRole',
        Condition: { ArnEquals: { 'aws:PrincipalArn': hubRole }, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
      },
    ]);
    const statements = policyOf(
      values(spoke.json, 'aws_iam_role_policy').find((candidate) => candidate.name === 'guards-region-lockdown-remediation-us-east-1')!.policy,
    ).Statement;
    const denyArn = '${aws_iam_policy.region-lockdown-deny-policy.arn}';
    const standalone = regionLockdownStatements({
      environment: { accountId: '222222222222', region: '*' },
      alertTopicArn: 'hub-only',
      denyPolicyArns: [denyArn],
      namePrefix: 'guards',
      deployerRoleArn: 'arn:aws:iam::222222222222:role/guards-deployer',
    });
    const expected = standalone.flatMap((statement) => statement.actions).filter((action) => !action.startsWith('sns:'));
    expect(new Set(statements.flatMap((statement) => [statement.Action].flat()))).toEqual(new Set(expected));
    const attach = statements.find((statement) => [statement.Action].flat().includes('iam:AttachUserPolicy'))!;
    expect(attach.Condition).toEqual({ ArnEquals: { 'iam:PolicyARN': [denyArn] } });
    expect(statements.find((statement) => statement.Effect === 'Deny')!.Resource).toEqual(expect.arrayContaining(['arn:aws:iam::222222222222:role/guards-*']));
  });

  it("sends each member's reconcile tick from its home region straight to the hub bus, with the forwarder role", () => {
    const spoke = stack('production-us-east-1');
    expect(rule('production-us-east-1', 'guards-region-lockdown-reconcile')).toMatchObject({ schedule_expression: 'rate(1 day)' });
    expect(rule('production-us-east-1', 'guards-region-lockdown-reconcile')!.event_pattern).toBeUndefined();
    const target = values(spoke.json, 'aws_cloudwatch_event_target').find(
      (candidate) => candidate.rule === '${aws_cloudwatch_event_rule.region-lockdown-reconcile-rule.name}',
    )!;
    expect(target).toMatchObject({
      arn: `arn:aws:events:us-east-1:${hubAccount}:event-bus/guards-hub`,
      role_arn: 'arn:aws:iam::222222222222:role/guards-hub-forwarder-us-east-1',
    });
    expect(target.input).toBeUndefined();
  });
});

describe('forwarding and routing against real events', () => {
  const createUser = memberCall('createuser-assumedrole.json', '222222222222');
  const detachDeny = memberCall('region-lockdown/detach-user-policy.json', '222222222222', {
    requestParameters: { userName: 'new-user', policyArn: 'arn:aws:iam::222222222222:policy/guards-region-lockdown-us-east-1' },
  });
  const detachOther = memberCall('region-lockdown/detach-user-policy.json', '222222222222', {
    requestParameters: { userName: 'new-user', policyArn: 'arn:aws:iam::222222222222:policy/team-s3' },
  });
  const failedCreate = memberCall('createuser-assumedrole.json', '222222222222', { errorCode: 'EntityAlreadyExists' });

  it("forwards CreateUser and the deny's DetachUserPolicy from the member's home region only, not other detaches or failed calls", () => {
    const home = pattern('production-us-east-1', 'guards-region-lockdown-forward');
    expect([createUser, detachDeny, detachOther, failedCreate].map((event) => matchesEventPattern(home, event))).toEqual([true, true, false, false]);
    expect(rule('production-eu-west-1', 'guards-region-lockdown-forward')).toBeUndefined();
    expect(matchesEventPattern(pattern('production-eu-west-1', 'guards-forward-to-hub'), detachDeny)).toBe(false);
  });

  it('routes the calls and every member tick to the region-lockdown function, and nothing else to it', () => {
    const route = pattern('hub-us-east-1', 'guards-region-lockdown-members');
    expect([createUser, detachDeny, detachOther, failedCreate].map((event) => matchesEventPattern(route, event))).toEqual([true, true, false, false]);
    expect(members.map((id) => matchesEventPattern(route, tickOf(id)))).toEqual(members.map(() => true));
    // Another schedule forwarded by a member (not the guard's rule) is not a tick.
    expect(matchesEventPattern(route, { ...tickOf('222222222222'), resources: ['arn:aws:events:us-east-1:222222222222:rule/nightly-backup'] })).toBe(false);
    // The tick goes to the region-lockdown route only.
    const others = values(stack('hub-us-east-1').json, 'aws_cloudwatch_event_rule').filter(
      (candidate) => candidate.event_pattern && candidate.name !== 'guards-region-lockdown-members',
    );
    expect(
      others.filter((candidate) => matchesEventPattern(JSON.parse(String(candidate.event_pattern)), tickOf('222222222222'))).map((candidate) => candidate.name),
    ).toEqual([]);
  });

  it("alerts tampering with a member's reconcile schedule and role (forwarded by its tamper rule from its home region)", () => {
    const disable = memberCall('createuser-assumedrole.json', '222222222222', {
      eventSource: 'events.amazonaws.com',
      eventName: 'DisableRule',
      requestParameters: { name: 'guards-region-lockdown-reconcile' },
    });
    const event = { ...disable, source: 'aws.events' };
    expect(matchesEventPattern(pattern('production-us-east-1', 'guards-tamper-to-hub'), event)).toBe(true);
    expect(matchesEventPattern(pattern('production-us-east-1', 'guards-region-lockdown-forward'), event)).toBe(false);
    expect(matchesEventPattern(pattern('hub-us-east-1', 'guards-hub-tamper'), event)).toBe(true);
    const roleChange = {
      ...memberCall('createuser-assumedrole.json', '222222222222', {
        eventName: 'PutRolePolicy',
        requestParameters: { roleName: 'guards-region-lockdown-remediation-us-east-1' },
      }),
    };
    expect(matchesEventPattern(pattern('production-us-east-1', 'guards-tamper-to-hub'), roleChange)).toBe(true);
    expect(matchesEventPattern(pattern('hub-us-east-1', 'guards-hub-tamper'), roleChange)).toBe(true);
  });

  it("keeps every rule's pattern within EventBridge's 2,048 characters", () => {
    const long = stacks.flatMap((candidate) =>
      values(candidate.json, 'aws_cloudwatch_event_rule')
        .filter((r) => r.event_pattern && String(r.event_pattern).length > eventPatternLimit)
        .map((r) => `${candidate.name} ${r.name}`),
    );
    expect(long).toEqual([]);
  });
});
