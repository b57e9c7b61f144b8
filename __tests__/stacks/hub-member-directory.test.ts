/**
 * The hub's member directory in the synthesized hub stacks of examples/organization.yaml: one
 * object per hub region, what it says, who may read it (each hub function role, that object only)
 * and who may write it (the deployer, by the bucket policy, simulated with an IAM policy evaluator).
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { SynthesizedStack, hubMemberDirectory, repoRoot, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { PolicyDocument, policyProblems } from '../helpers/iam-policy-checks';
import { configProblems } from '../helpers/config-problems';
import { asList, policyDocument } from '../aws-rules/terraform-model';

jest.setTimeout(180_000);

const hubAccount = '111111111111';
const stacks = synthesizeConfigFile('examples/organization.yaml');
const hubStacks = stacks.filter((stack) => stack.name.startsWith('hub-'));
const values = (stack: SynthesizedStack, type: string) => Object.values(resourcesOfType(stack.json, type));
const variablesOf = (fn: Record<string, unknown>) => (fn.environment as { variables: Record<string, string> }).variables;
const bucketOf = (stack: SynthesizedStack) => `guards-hub-directory-${hubAccount}-${stack.name.slice('hub-'.length)}`;

describe('the member directory of each hub region', () => {
  it('is one object in a private, versioned bucket of the region, encrypted with the hub key, naming every account and its alarmed instances', () => {
    expect(hubStacks.map((stack) => stack.name).sort()).toEqual(['hub-ap-southeast-2', 'hub-eu-south-2', 'hub-eu-west-1', 'hub-us-east-1']);
    for (const stack of hubStacks) {
      const { directory } = hubMemberDirectory(stack.json);
      expect([...directory.accounts].map(([id, entry]) => [id, entry.name])).toEqual([
        ['111111111111', 'security-tooling'],
        ['222222222222', 'production'],
        ['333333333333', 'staging'],
        ['444444444444', 'data-platform'],
      ]);
      // accounts[1].guards.instanceQuarantine.alarmInstances: production's own instance, no other account's.
      expect(directory.accounts.get('222222222222')?.lists.alarmedInstances).toEqual(['i-0123456789abcdef0']);
      expect(directory.accounts.get('333333333333')?.lists.alarmedInstances).toBeUndefined();
      const [bucket] = values(stack, 'aws_s3_bucket').filter((candidate) => candidate.bucket === bucketOf(stack));
      expect(bucket).toBeDefined();
      const keyReference = expect.stringMatching(/^\$\{aws_kms_key\.guards-key_[A-Za-z0-9_]+\.arn\}$/);
      const [object] = values(stack, 'aws_s3_object').filter((candidate) => candidate.key === 'member-directory.json');
      expect(object).toMatchObject({ server_side_encryption: 'aws:kms', kms_key_id: keyReference, bucket_key_enabled: true });
      expect(values(stack, 'aws_s3_bucket_versioning')).toEqual(
        expect.arrayContaining([expect.objectContaining({ versioning_configuration: { status: 'Enabled' } })]),
      );
      const encryption = values(stack, 'aws_s3_bucket_server_side_encryption_configuration');
      expect(encryption).toEqual([
        expect.objectContaining({
          rule: [expect.objectContaining({ apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyReference } })],
        }),
      ]);
      expect(values(stack, 'aws_s3_bucket_public_access_block')).toEqual([
        expect.objectContaining({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
      ]);
    }
  });

  it("gives every hub function only the directory's location: no account map or instance list in an environment", () => {
    for (const stack of hubStacks) {
      const { variables: location } = hubMemberDirectory(stack.json);
      // The alarm relay publishes the hub's own alarms, the sign-in alert reads the organization trail: they name no member.
      const noMember = ['guards-hub-alarm-relay', 'guards-signin-alert'];
      const functions = values(stack, 'aws_lambda_function');
      for (const fn of functions) {
        const variables = variablesOf(fn);
        expect([fn.function_name, variables.ACCOUNT_NAMES, variables.ALARMED_INSTANCES]).toEqual([fn.function_name, undefined, undefined]);
      }
      const serving = functions.filter((fn) => !noMember.includes(String(fn.function_name)));
      for (const fn of serving) expect([fn.function_name, variablesOf(fn)]).toEqual([fn.function_name, expect.objectContaining(location)]);
      for (const fn of functions.filter((candidate) => !serving.includes(candidate))) expect(variablesOf(fn).MEMBER_DIRECTORY_BUCKET).toBeUndefined();
    }
  });

  it("lets each hub function role read its region's directory object, by version, and nothing else in S3", () => {
    for (const stack of hubStacks) {
      const readers = values(stack, 'aws_iam_role_policy').flatMap((rolePolicy) => {
        const statements = policyDocument(rolePolicy.policy)?.Statement ?? [];
        const s3 = statements.filter((statement) => asList(statement.Action).some((action) => action.startsWith('s3:') || action === '*'));
        return s3.length > 0 ? [{ name: rolePolicy.name, s3 }] : [];
      });
      const functionsWithDirectory = values(stack, 'aws_lambda_function').filter((fn) => variablesOf(fn).MEMBER_DIRECTORY_BUCKET);
      expect(readers).toHaveLength(functionsWithDirectory.length);
      for (const reader of readers) {
        expect([reader.name, reader.s3]).toEqual([
          reader.name,
          [{ Sid: 'ReadsMemberDirectory', Effect: 'Allow', Action: 's3:GetObjectVersion', Resource: `arn:aws:s3:::${bucketOf(stack)}/member-directory.json` }],
        ]);
      }
    }
  });
});

describe("the member directory's bucket policy (simulated)", () => {
  const stack = hubStacks.find((candidate) => candidate.name === 'hub-eu-west-1')!;
  const bucketArn = `arn:aws:s3:::${bucketOf(stack)}`;
  const objectArn = `${bucketArn}/member-directory.json`;
  const bucketPolicy = JSON.parse(
    String(values(stack, 'aws_s3_bucket_policy').find((policy) => String(policy.policy).includes(bucketArn))!.policy),
  ) as PolicyDocument;
  const role = (name: string) => `arn:aws:iam::${hubAccount}:role/${name}`;
  const broad = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] };
  const functionRole = role('guards-detections-eu-west-1');
  const functionPolicy = policyDocument(values(stack, 'aws_iam_role_policy').find((policy) => policy.name === 'guards-detections-eu-west-1')!.policy);

  async function decide(principal: string, action: string, resource: string): Promise<string> {
    const response = await runSimulation(
      {
        request: {
          principal,
          action,
          resource: { resource, accountId: hubAccount },
          contextVariables: { 'aws:PrincipalArn': principal, 'aws:SecureTransport': 'true', 'aws:RequestedRegion': 'eu-west-1' },
        },
        identityPolicies: [{ name: 'identity', policy: (principal === functionRole ? functionPolicy : broad) as never }],
        resourcePolicy: bucketPolicy as never,
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      },
      {},
    );
    if (response.resultType === 'error') throw new Error(`simulation refused: ${JSON.stringify(response.errors)}`);
    return response.overallResult;
  }

  const writes: [string, string][] = [
    ['s3:PutObject', objectArn],
    ['s3:DeleteObjectVersion', objectArn],
    ['s3:PutBucketPolicy', bucketArn],
    ['s3:DeleteBucketPolicy', bucketArn],
    ['s3:PutBucketVersioning', bucketArn],
    ['s3:PutLifecycleConfiguration', bucketArn],
    ['s3:PutEncryptionConfiguration', bucketArn],
  ];

  it('names only real actions and condition keys (the TLS deny names s3:*, as every guard bucket)', async () => {
    const [tls, ...rest] = bucketPolicy.Statement;
    expect(tls).toMatchObject({ Sid: 'DenyInsecureTransport', Action: 's3:*' });
    expect(await policyProblems({ ...bucketPolicy, Statement: rest })).toEqual([]);
  });

  it('denies every write to a hub administrator with s3:* and to the hub functions; the deployer writes', async () => {
    for (const [action, resource] of writes) {
      expect([action, await decide(role('PowerUser'), action, resource)]).toEqual([action, 'ExplicitlyDenied']);
      expect([action, await decide(functionRole, action, resource)]).toEqual([action, 'ExplicitlyDenied']);
      expect([action, await decide(role('guards-deployer'), action, resource)]).toEqual([action, 'Allowed']);
    }
  });

  it('lets a hub function read the object by version, and nothing else', async () => {
    expect(await decide(functionRole, 's3:GetObjectVersion', objectArn)).toBe('Allowed');
    expect(await decide(functionRole, 's3:GetObject', objectArn)).toBe('ImplicitlyDenied');
    expect(await decide(functionRole, 's3:GetObjectVersion', `${bucketArn}/other.json`)).toBe('ImplicitlyDenied');
  });
});

describe("the member directory's bucket name", () => {
  it('refuses a config name too long for it (S3 allows 63 characters), naming the field', () => {
    const config = parseYaml(readFileSync(path.join(repoRoot, 'examples', 'organization.yaml'), 'utf8')) as Record<string, unknown>;
    expect(configProblems({ ...config, name: 'a'.repeat(24) })).toEqual([
      expect.stringMatching(
        /^name: too long for the hub's member directory bucket a{24}-hub-directory-111111111111-ap-southeast-2 \(66 characters, S3 allows 63\)/,
      ),
    ]);
    expect(configProblems({ ...config, name: 'a'.repeat(20) })).toEqual([]);
  });
});
