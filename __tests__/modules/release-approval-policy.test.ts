/**
 * Who may approve a release, decided by the state table's synthesized resource policy together with
 * each caller's identity policy, simulated by an IAM policy evaluator (@cloud-copilot/iam-simulate,
 * a dev dependency). Written as an attacker's steps: a member-account principal with PowerUser-like
 * rights (lambda:*, dynamodb:*, ec2:*, no IAM writes) tries to approve its own release.
 */
import { Testing } from 'cdktf';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { InstanceQuarantine } from '../../modules/instance-quarantine';
import { guardWiring, resourcesOf, testEnvironment } from '../helpers/guard-scope';
import { PolicyDocument, policyProblems } from '../helpers/iam-policy-checks';

jest.setTimeout(120_000);

const { accountId, region } = testEnvironment;
const role = (name: string) => `arn:aws:iam::${accountId}:role/${name}`;
const attacker = role('PowerUser');
const approver = role('security-oncall');
const deployer = role('deployer');
const quarantineRole = role('test-instance-quarantine');
const releaseRole = role('test-instance-quarantine-release');
const tableArn = `arn:aws:dynamodb:${region}:${accountId}:table/test-quarantine-state`;
const instanceId = 'i-0123456789abcdef0';
const approvalKey = [`release-approval#${instanceId}`];
const recordKey = [`instance#${instanceId}`];

type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

function synthesize(releaseApprovers: string[]): { tablePolicy: PolicyDocument; rolePolicies: Record<string, unknown> } {
  const synthesized = Testing.synthScope((scope) => {
    new InstanceQuarantine(scope, 'instance-quarantine', { ...guardWiring(scope), deployerRoleArn: deployer, releaseApprovers });
  });
  const [resourcePolicy] = resourcesOf(synthesized, 'aws_dynamodb_resource_policy');
  const rolePolicies = Object.fromEntries(
    resourcesOf(synthesized, 'aws_iam_role_policy').map((policy) => [role(String(policy.name)), JSON.parse(String(policy.policy))]),
  );
  return { tablePolicy: JSON.parse(String(resourcePolicy.policy)) as PolicyDocument, rolePolicies };
}

const withApprover = synthesize([approver]);
const withoutApprovers = synthesize([]);

/** What each caller's own identity policy grants: the attacker and the approver hold broad DynamoDB rights. */
function identityPolicyOf(principal: string, rolePolicies: Record<string, unknown>): unknown {
  if (rolePolicies[principal]) return rolePolicies[principal];
  const broad = principal === attacker ? ['lambda:*', 'dynamodb:*', 'ec2:*'] : ['dynamodb:*'];
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: broad, Resource: '*' }] };
}

async function decide(
  principal: string,
  action: string,
  leadingKeys: string[] | undefined,
  synthesized: { tablePolicy: PolicyDocument; rolePolicies: Record<string, unknown> } = withApprover,
): Promise<Decision> {
  const response = await runSimulation(
    {
      request: {
        principal,
        action,
        resource: { resource: tableArn, accountId },
        contextVariables: { 'aws:PrincipalArn': principal, 'aws:RequestedRegion': region, ...(leadingKeys ? { 'dynamodb:LeadingKeys': leadingKeys } : {}) },
      },
      identityPolicies: [{ name: 'identity', policy: identityPolicyOf(principal, synthesized.rolePolicies) as never }],
      resourcePolicy: synthesized.tablePolicy as never,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(`simulation refused: ${JSON.stringify(response.errors)}`);
  return response.overallResult as Decision;
}

describe('the state table policy: release approvals', () => {
  it('names only real actions and condition keys', async () => {
    expect(await policyProblems(withApprover.tablePolicy)).toEqual([]);
    expect(await policyProblems(withoutApprovers.tablePolicy)).toEqual([]);
  });

  it('attacker: writes an approval for its instance with PutItem, UpdateItem, BatchWriteItem or PartiQL: denied by the table policy', async () => {
    for (const action of ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate']) {
      expect([action, await decide(attacker, action, approvalKey)]).toEqual([action, 'ExplicitlyDenied']);
    }
  });

  it('attacker: forges the quarantine record, or writes without naming a key: denied', async () => {
    expect(await decide(attacker, 'dynamodb:PutItem', recordKey)).toBe('ExplicitlyDenied');
    expect(await decide(attacker, 'dynamodb:PutItem', undefined)).toBe('ExplicitlyDenied');
  });

  it('attacker: replaces or deletes the table policy, or deletes the table: denied; the deployer may', async () => {
    for (const action of ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:DeleteTable']) {
      expect([action, await decide(attacker, action, undefined)]).toEqual([action, 'ExplicitlyDenied']);
      expect([action, await decide(deployer, action, undefined)]).toEqual([action, 'Allowed']);
    }
  });

  it('the approver writes an approval: allowed', async () => {
    expect(await decide(approver, 'dynamodb:PutItem', approvalKey)).toBe('Allowed');
    expect(await decide(approver, 'dynamodb:UpdateItem', approvalKey)).toBe('Allowed');
  });

  it('the approver writes anything else (a record, a batch that mixes keys, a write naming no key): denied', async () => {
    expect(await decide(approver, 'dynamodb:PutItem', recordKey)).toBe('ExplicitlyDenied');
    expect(await decide(approver, 'dynamodb:BatchWriteItem', [...approvalKey, ...recordKey])).toBe('ExplicitlyDenied');
    expect(await decide(approver, 'dynamodb:PutItem', undefined)).toBe('ExplicitlyDenied');
  });

  it('the guard roles cannot write approvals, though they keep writing their own state', async () => {
    for (const principal of [quarantineRole, releaseRole]) {
      expect([principal, await decide(principal, 'dynamodb:PutItem', approvalKey)]).toEqual([principal, 'ExplicitlyDenied']);
      expect([principal, await decide(principal, 'dynamodb:UpdateItem', approvalKey)]).toEqual([principal, 'ExplicitlyDenied']);
    }
    expect(await decide(quarantineRole, 'dynamodb:PutItem', recordKey)).toBe('Allowed');
    // The release role uses an approval up by deleting it.
    expect(await decide(releaseRole, 'dynamodb:DeleteItem', approvalKey)).toBe('Allowed');
  });

  it('the release role deletes only records and approvals, and updates only role references', async () => {
    expect(await decide(releaseRole, 'dynamodb:DeleteItem', recordKey)).toBe('Allowed');
    expect(await decide(releaseRole, 'dynamodb:UpdateItem', ['role#app-server'])).toBe('Allowed');
    expect(await decide(releaseRole, 'dynamodb:DeleteItem', ['role#app-server'])).toBe('ImplicitlyDenied');
    expect(await decide(releaseRole, 'dynamodb:UpdateItem', recordKey)).toBe('ImplicitlyDenied');
    expect(await decide(releaseRole, 'dynamodb:DeleteItem', undefined)).toBe('ImplicitlyDenied');
  });

  it('with no approvers configured, nobody can write an approval, the deployer included', async () => {
    for (const principal of [approver, attacker, deployer, quarantineRole]) {
      expect([principal, await decide(principal, 'dynamodb:PutItem', approvalKey, withoutApprovers)]).toEqual([principal, 'ExplicitlyDenied']);
    }
  });
});
