import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { artifactBucketWriteActions } from '../../modules/stacks/artifacts-stack';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { configProblems } from '../helpers/config-problems';
import { TerraformJson, repoRoot, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

type Json = Record<string, unknown>;
const standaloneExample = 'examples/multi-account-standalone.yaml';
const standaloneYaml = () => parseYaml(readFileSync(path.join(repoRoot, standaloneExample), 'utf8')) as Json;

function synthesize(data: Json): Map<string, TerraformJson> {
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-integrity-'));
  const stacks = synthesizeGuards(parseGuardsConfig(data, 'multi-account-standalone.yaml'), { outdir });
  return new Map(
    stacks.map((stack) => [stack.name, JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')) as TerraformJson]),
  );
}

describe('code integrity in bucket mode (examples/multi-account-standalone.yaml)', () => {
  const stacks = new Map(synthesizeConfigFile(standaloneExample).map((stack) => [stack.name, stack.json]));

  it("with codeSigning switched off, pins every function to the exact object version its region's artifacts stack uploaded (read from that stack's state)", () => {
    const data = standaloneYaml();
    const unsigned = synthesize({ ...data, handlerCode: { ...(data.handlerCode as Json), codeSigning: { enabled: false } } });
    const production = unsigned.get('production-eu-west-1')!;
    expect(Object.keys(resourcesOfType(production, 'aws_lambda_code_signing_config'))).toEqual([]);
    const remoteState = (production as unknown as { data: { terraform_remote_state: Record<string, Json> } }).data.terraform_remote_state['artifacts-state'];
    expect(remoteState).toEqual({
      backend: 's3',
      config: { bucket: 'example-guards-terraform-state', key: 'aws-security-guards/artifacts-eu-west-1.tfstate', region: 'us-east-1' },
    });
    for (const fn of Object.values(resourcesOfType(production, 'aws_lambda_function'))) {
      const handler = /^handlers\/([a-z-]+)\//.exec(String(fn.s3_key))![1];
      expect(fn.s3_object_version).toBe(`\${data.terraform_remote_state.artifacts-state.outputs.object-versions["${handler}"]}`);
    }
    const artifacts = unsigned.get('artifacts-eu-west-1')! as unknown as { output: Record<string, { value: Record<string, string> }> };
    // Hub mode (examples/organization.yaml, signing on by default): the hub's functions are pinned to the signed version.
    const hub = synthesizeConfigFile('examples/organization.yaml').find((stack) => stack.name === 'hub-eu-west-1')!.json;
    const hubFunctions = Object.values(resourcesOfType(hub, 'aws_lambda_function'));
    expect(hubFunctions.length).toBeGreaterThan(0);
    for (const fn of hubFunctions) {
      expect(String(fn.s3_object_version)).toMatch(
        /^\$\{data\.terraform_remote_state\.artifacts-state\.outputs\.signed-object-versions(\["[a-z-]+"\]|\.[a-z]+)\}$/,
      );
      expect(String(fn.code_signing_config_arn)).toMatch(/^\$\{aws_lambda_code_signing_config\..+\.arn\}$/);
    }
    expect(artifacts.output['object-versions'].value['instance-quarantine']).toBe('${aws_s3_object.object-instance-quarantine.version_id}');
  });

  it("lets nobody but the publisher (the artifacts account's deployer) write, delete or re-configure the artifact bucket", () => {
    const artifacts = stacks.get('artifacts-us-east-1')!;
    const policy = JSON.parse(String(Object.values(resourcesOfType(artifacts, 'aws_s3_bucket_policy'))[0].policy)) as { Statement: Json[] };
    expect(policy.Statement.find((statement) => statement.Sid === 'OnlyThePublisherWritesHandlerCode')).toEqual({
      Sid: 'OnlyThePublisherWritesHandlerCode',
      Effect: 'Deny',
      Principal: '*',
      Action: artifactBucketWriteActions,
      Resource: ['arn:aws:s3:::example-guards-artifacts-us-east-1', 'arn:aws:s3:::example-guards-artifacts-us-east-1/*'],
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/guards-deployer'] } },
    });
    expect(artifactBucketWriteActions).toEqual(
      expect.arrayContaining(['s3:PutObject', 's3:DeleteObjectVersion', 's3:PutBucketPolicy', 's3:PutBucketVersioning']),
    );
  });

  it('takes the publishers from the config, and requires them when the artifacts account has no roleArn', () => {
    const data = standaloneYaml();
    const withPublishers = { ...data, handlerCode: { ...(data.handlerCode as Json), publisherArns: ['arn:aws:iam::111111111111:role/release-pipeline'] } };
    const policy = JSON.parse(
      String(Object.values(resourcesOfType(synthesize(withPublishers).get('artifacts-us-east-1')!, 'aws_s3_bucket_policy'))[0].policy),
    ) as { Statement: Json[] };
    expect(policy.Statement.at(-1)).toMatchObject({ Condition: { ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/release-pipeline'] } } });
    const accounts = (data.accounts as Json[]).map((account) => (account.name === 'security-tooling' ? { ...account, roleArn: undefined } : account));
    expect(configProblems({ ...data, accounts })).toEqual([
      expect.stringContaining('handlerCode.publisherArns: required when the artifacts account has no roleArn'),
    ]);
  });

  it('in bucket mode by default (the example sets no codeSigning), signs each uploaded version and makes every function refuse unsigned code', () => {
    const data = standaloneYaml();
    expect((data.handlerCode as Json).codeSigning).toBeUndefined();
    const signed = synthesize(data);
    const artifacts = signed.get('artifacts-eu-west-1')!;
    const [profile] = Object.values(resourcesOfType(artifacts, 'aws_signer_signing_profile'));
    expect(profile).toMatchObject({ platform_id: 'AWSLambda-SHA384-ECDSA', name_prefix: 'guards_handlers_' });
    const jobs = Object.values(resourcesOfType(artifacts, 'aws_signer_signing_job'));
    expect(jobs.length).toBe(Object.keys(resourcesOfType(artifacts, 'aws_s3_object')).length);
    expect(jobs[0]).toMatchObject({ source: { s3: { version: expect.stringMatching(/^\$\{aws_s3_object\..+\.version_id\}$/) } } });
    const production = signed.get('production-eu-west-1')!;
    const [codeSigning] = Object.values(resourcesOfType(production, 'aws_lambda_code_signing_config'));
    expect(codeSigning).toMatchObject({
      allowed_publishers: { signing_profile_version_arns: ['${data.terraform_remote_state.artifacts-state.outputs.signing-profile-version-arn}'] },
      policies: { untrusted_artifact_on_deployment: 'Enforce' },
    });
    for (const fn of Object.values(resourcesOfType(production, 'aws_lambda_function'))) {
      expect(fn.code_signing_config_arn).toMatch(/^\$\{aws_lambda_code_signing_config\..+\.arn\}$/);
      const handler = /\["([a-z-]+)"\]/.exec(String(fn.s3_key))?.[1];
      expect(fn.s3_key).toBe(`\${data.terraform_remote_state.artifacts-state.outputs.signed-object-keys["${handler}"]}`);
      // The signed zip's version is pinned as the unsigned one is.
      expect(fn.s3_object_version).toBe(`\${data.terraform_remote_state.artifacts-state.outputs.signed-object-versions["${handler}"]}`);
    }
    const outputs = (artifacts as unknown as { output: Record<string, { value: Record<string, string> }> }).output;
    const signedObjects = (artifacts as unknown as { data: { aws_s3_object: Record<string, Json> } }).data.aws_s3_object;
    expect(signedObjects['signed-object-instance-quarantine']).toMatchObject({
      key: '${aws_signer_signing_job.signing-job-instance-quarantine.signed_object[0].s3[0].key}',
    });
    expect(outputs['signed-object-versions'].value['instance-quarantine']).toBe('${data.aws_s3_object.signed-object-instance-quarantine.version_id}');
  });

  it('with codeSigning on, only the publisher can have a zip signed: profile permission, unsigned zips readable by the publisher alone, readers see signed zips only', () => {
    const data = standaloneYaml();
    const artifacts = synthesize({ ...data, handlerCode: { ...(data.handlerCode as Json), codeSigning: { enabled: true } } }).get('artifacts-eu-west-1')!;
    const permissions = Object.values(resourcesOfType(artifacts, 'aws_signer_signing_profile_permission'));
    expect(permissions.filter((permission) => permission.action === 'signer:StartSigningJob').map((permission) => permission.principal)).toEqual([
      'arn:aws:iam::111111111111:role/guards-deployer',
    ]);
    expect(
      permissions
        .filter((permission) => permission.action !== 'signer:StartSigningJob')
        .every((permission) => permission.action === 'signer:GetSigningProfile'),
    ).toBe(true);
    const policy = JSON.parse(String(Object.values(resourcesOfType(artifacts, 'aws_s3_bucket_policy'))[0].policy)) as { Statement: Json[] };
    const bucket = 'arn:aws:s3:::example-guards-artifacts-eu-west-1';
    expect(policy.Statement.find((statement) => statement.Sid === 'GuardAccountsReadHandlerCode')?.Resource).toBe(`${bucket}/signed/*`);
    expect(policy.Statement.find((statement) => statement.Sid === 'OnlyThePublisherReadsUnsignedCode')).toEqual({
      Sid: 'OnlyThePublisherReadsUnsignedCode',
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: `${bucket}/handlers/*`,
      Condition: { ArnNotEquals: { 'aws:PrincipalArn': ['arn:aws:iam::111111111111:role/guards-deployer'] } },
    });
    const [job] = Object.values(resourcesOfType(artifacts, 'aws_signer_signing_job'));
    expect(String((job.destination as { s3: { prefix: string } }).s3.prefix)).toMatch(/^signed\/[a-z-]+\/$/);
  });

  it('lets only the accounts that run guard functions in the region read the code and verify its signatures: in hub mode the hub alone, whatever the organization size', () => {
    const organization = parseYaml(readFileSync(path.join(repoRoot, 'examples', 'organization.yaml'), 'utf8')) as Json;
    const listed = { ...organization, handlerCode: { ...(organization.handlerCode as Json), organizationId: undefined } };
    const hubAccount = (organization.accounts as { id: string; name: string }[]).find(
      (account) => account.name === (organization.hub as { account: string }).account,
    )!;
    for (const [name, artifacts] of synthesize(listed)) {
      if (!name.startsWith('artifacts-')) continue;
      const readers = Object.values(resourcesOfType(artifacts, 'aws_signer_signing_profile_permission'))
        .filter((permission) => permission.action === 'signer:GetSigningProfile')
        .map((permission) => permission.principal);
      expect([name, readers]).toEqual([name, [hubAccount.id]]);
      const policy = JSON.parse(String(Object.values(resourcesOfType(artifacts, 'aws_s3_bucket_policy'))[0].policy)) as { Statement: Json[] };
      expect([name, policy.Statement.find((statement) => statement.Sid === 'GuardAccountsReadHandlerCode')?.Principal]).toEqual([
        name,
        { AWS: [`arn:aws:iam::${hubAccount.id}:root`] },
      ]);
    }
    // Standalone: every account runs its own functions, so every account of the region reads.
    const standaloneArtifacts = synthesize(standaloneYaml()).get('artifacts-eu-west-1')!;
    const standaloneReaders = Object.values(resourcesOfType(standaloneArtifacts, 'aws_signer_signing_profile_permission'))
      .filter((permission) => permission.action === 'signer:GetSigningProfile')
      .map((permission) => permission.principal);
    expect(standaloneReaders.length).toBeGreaterThan(1);
  });

  it("publishes every handler a function of the region runs: each function's pinned version names a zip of its region's artifacts stack (hub mode, and with suppressions)", () => {
    const organization = parseYaml(readFileSync(path.join(repoRoot, 'examples', 'organization.yaml'), 'utf8')) as Json;
    const inAYear = new Date(Date.now() + 180 * 86_400_000).toISOString().slice(0, 10);
    const suppression = { guard: 'sg-change-alert', owner: 'security-team', reason: 'CI runners', expires: inAYear, principalArn: 'arn:aws:iam::*:role/ci-*' };
    for (const data of [organization, { ...standaloneYaml(), suppressions: [suppression] }, { ...organization, suppressions: [suppression] }]) {
      const stacks = synthesize(data);
      for (const [name, stack] of stacks) {
        if (name.startsWith('artifacts-')) continue;
        const region = name.split('-').slice(-3).join('-');
        const published = stacks.get(`artifacts-${region}`);
        const pinned = [...JSON.stringify(stack).matchAll(/outputs\.(?:signed-)?object-versions\.([a-z-]+)/g)].map((match) => match[1]);
        if (pinned.length === 0) continue;
        const outputs = ((published as { output?: unknown } | undefined)?.output ?? {}) as Record<string, { value: Record<string, unknown> }>;
        const zips = Object.keys(outputs['object-versions']?.value ?? {});
        expect([name, [...new Set(pinned)].filter((handler) => !zips.includes(handler))]).toEqual([name, []]);
      }
    }
  });

  it('refuses codeSigning outside bucket mode (signing needs the published zips)', () => {
    const data = standaloneYaml();
    expect(configProblems({ ...data, handlerCode: { source: 'inline', codeSigning: { enabled: true } } })).toEqual([expect.stringContaining('handlerCode')]);
  });
});
