/**
 * The deny's behaviour, simulated by an IAM policy evaluator (@cloud-copilot/iam-simulate, AGPL:
 * a dev dependency used here only, never bundled into a handler or imported by modules/).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { RegionDenyOptions, buildRegionDenyPolicy } from '../../../handlers/region-lockdown/region-deny-policy';

const accountId = '111122223333';
const userArn = `arn:aws:iam::${accountId}:user/new-user`;
const allowEverything = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const allowed = ['eu-west-1', 'us-east-1'];

type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

interface Request {
  readonly action: string;
  readonly resource: string;
  readonly region: string;
  readonly principal?: string;
}

async function decide(run: Parameters<typeof runSimulation>[0]): Promise<Decision> {
  const response = await runSimulation(run, {});
  if (response.resultType === 'error') throw new Error(`simulation refused: ${JSON.stringify(response.errors)}`);
  return response.overallResult as Decision;
}

/** An administrator user (allowed everything) that also holds the guard's inline deny. */
function asUser(options: RegionDenyOptions, request: Request): Promise<Decision> {
  return decide({
    request: {
      principal: userArn,
      action: request.action,
      resource: { resource: request.resource, accountId },
      contextVariables: { 'aws:RequestedRegion': request.region },
    },
    identityPolicies: [
      { name: 'AdministratorAccess', policy: allowEverything },
      { name: 'guards-region-lockdown', policy: buildRegionDenyPolicy(options) },
    ],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
  });
}

/** Any principal of a member account under FullAWSAccess plus the deny as a service control policy. */
function underServiceControlPolicy(options: RegionDenyOptions, request: Request): Promise<Decision> {
  const principal = request.principal ?? `arn:aws:iam::${accountId}:role/deployer`;
  return decide({
    request: {
      principal,
      action: request.action,
      resource: { resource: request.resource, accountId },
      contextVariables: { 'aws:RequestedRegion': request.region, 'aws:PrincipalArn': principal },
    },
    identityPolicies: [{ name: 'AdministratorAccess', policy: allowEverything }],
    serviceControlPolicies: [
      { orgIdentifier: 'r-abcd', policies: [{ name: 'FullAWSAccess', policy: allowEverything }] },
      {
        orgIdentifier: 'ou-abcd-12345678',
        policies: [
          { name: 'FullAWSAccess', policy: allowEverything },
          { name: 'guards-region-lockdown', policy: buildRegionDenyPolicy(options) },
        ],
      },
      { orgIdentifier: accountId, policies: [{ name: 'FullAWSAccess', policy: allowEverything }] },
    ],
    resourceControlPolicies: [],
  });
}

const instance = (region: string) => `arn:aws:ec2:${region}:${accountId}:instance/i-0123456789abcdef0`;
const runInstances = (region: string): Request => ({ action: 'ec2:RunInstances', resource: instance(region), region });

describe.each(['ec2-changes', 'all-regional'] as const)('the %s user deny', (scope) => {
  const options = { allowedRegions: allowed, scope };

  it.each(['eu-central-1', 'ap-northeast-1', 'sa-east-1', 'us-west-2'])('denies ec2:RunInstances in %s (not allowed)', async (region) => {
    expect(await asUser(options, runInstances(region))).toBe('ExplicitlyDenied');
  });

  it.each(allowed)('allows ec2:RunInstances in %s (allowed)', async (region) => {
    expect(await asUser(options, runInstances(region))).toBe('Allowed');
  });

  it('denies the other ways to start compute outside: StartInstances, RequestSpotInstances, CreateFleet', async () => {
    expect(await asUser(options, { action: 'ec2:StartInstances', resource: instance('eu-central-1'), region: 'eu-central-1' })).toBe('ExplicitlyDenied');
    expect(
      await asUser(options, {
        action: 'ec2:RequestSpotInstances',
        resource: `arn:aws:ec2:eu-central-1:${accountId}:spot-instances-request/*`,
        region: 'eu-central-1',
      }),
    ).toBe('ExplicitlyDenied');
    expect(await asUser(options, { action: 'ec2:CreateFleet', resource: `arn:aws:ec2:eu-central-1:${accountId}:fleet/*`, region: 'eu-central-1' })).toBe(
      'ExplicitlyDenied',
    );
  });

  it.each([
    'iam:CreateUser',
    'iam:CreateAccessKey',
    'sts:GetCallerIdentity',
    'organizations:ListAccounts',
    'route53:ListHostedZones',
    'support:DescribeCases',
    'cloudfront:ListDistributions',
  ])('does not block the global service call %s (us-east-1 endpoint) when us-east-1 is not allowed', async (action) => {
    const resource = action.startsWith('iam:') ? `arn:aws:iam::${accountId}:user/someone` : '*';
    expect(await asUser({ allowedRegions: ['eu-west-1'], scope }, { action, resource, region: 'us-east-1' })).toBe('Allowed');
  });
});

describe('ec2-changes scope', () => {
  const options = { allowedRegions: allowed, scope: 'ec2-changes' as const };

  it.each(['ec2:DescribeInstances', 'ec2:DescribeRegions', 'ec2:DescribeSecurityGroups', 'ec2:DescribeImages'])(
    'still allows the read-only call %s outside the allowed regions',
    async (action) => {
      expect(await asUser(options, { action, resource: '*', region: 'eu-central-1' })).toBe('Allowed');
    },
  );

  it('still allows other services outside the allowed regions (only EC2 changes are denied)', async () => {
    expect(await asUser(options, { action: 's3:ListBucket', resource: 'arn:aws:s3:::some-bucket', region: 'eu-central-1' })).toBe('Allowed');
  });
});

describe('all-regional scope', () => {
  const options = { allowedRegions: allowed, scope: 'all-regional' as const };

  it('denies reads and other services outside the allowed regions too', async () => {
    expect(await asUser(options, { action: 'ec2:DescribeInstances', resource: '*', region: 'eu-central-1' })).toBe('ExplicitlyDenied');
    expect(
      await asUser(options, { action: 'lambda:CreateFunction', resource: `arn:aws:lambda:eu-central-1:${accountId}:function:miner`, region: 'eu-central-1' }),
    ).toBe('ExplicitlyDenied');
  });

  it('lets the exempted regional calls through, as the Control Tower control does (ec2:DescribeRegions)', async () => {
    expect(await asUser(options, { action: 'ec2:DescribeRegions', resource: '*', region: 'eu-central-1' })).toBe('Allowed');
  });

  it('allows everything in the allowed regions', async () => {
    expect(
      await asUser(options, { action: 'lambda:CreateFunction', resource: `arn:aws:lambda:eu-west-1:${accountId}:function:app`, region: 'eu-west-1' }),
    ).toBe('Allowed');
  });
});

describe('the service control policy (organizations mode)', () => {
  const options = { allowedRegions: allowed, scope: 'all-regional' as const, exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass'] };

  it('denies a role of a targeted account outside the allowed regions, and allows it inside', async () => {
    expect(await underServiceControlPolicy(options, runInstances('eu-central-1'))).toBe('ExplicitlyDenied');
    expect(await underServiceControlPolicy(options, runInstances('eu-west-1'))).toBe('Allowed');
  });

  it('does not apply to an exempt principal', async () => {
    const principal = `arn:aws:iam::${accountId}:role/break-glass`;
    expect(await underServiceControlPolicy(options, { ...runInstances('eu-central-1'), principal })).toBe('Allowed');
  });

  it('leaves global services alone, even when us-east-1 (their endpoint) is not an allowed region', async () => {
    expect(
      await underServiceControlPolicy(
        { ...options, allowedRegions: ['eu-west-1'] },
        { action: 'iam:CreateRole', resource: `arn:aws:iam::${accountId}:role/app`, region: 'us-east-1' },
      ),
    ).toBe('Allowed');
  });
});
