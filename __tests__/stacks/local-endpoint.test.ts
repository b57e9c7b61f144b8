import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadGuardsConfig, parseGuardsConfig } from '../../modules/config/load-guards-config';
import { applyEmulatorGaps, emulatorGaps } from '../../modules/stacks/emulator-gaps';
import { localEndpointServices } from '../../modules/stacks/local-endpoint';
import { formatSynthSummary, synthesizeGuards } from '../../modules/stacks/synthesize';
import { configProblems } from '../helpers/config-problems';
import { repoRoot, synthesizeConfigFile } from '../helpers/synth';

const minimal = { regions: ['us-east-1'], accounts: [{ id: '123456789012', name: 'sandbox', roleArn: 'arn:aws:iam::123456789012:role/guards-deployer' }] };

function synthesizeWithLocalEndpoint(relativeConfigFile: string, endpoint: string) {
  const loaded = loadGuardsConfig(path.join(repoRoot, relativeConfigFile));
  const config = parseGuardsConfig({ ...structuredClone(loaded), backend: { type: 'local' }, localEndpoint: endpoint }, relativeConfigFile);
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-local-synth-'));
  const summaries = synthesizeGuards(config, { outdir });
  const read = (name: string) => JSON.parse(readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8'));
  return { summaries, read };
}

describe('localEndpoint: every stack against a local AWS emulator', () => {
  it('refuses a host other than this machine, naming the field', () => {
    expect(configProblems({ ...minimal, localEndpoint: 'http://10.0.0.5:4566' })).toEqual([
      expect.stringMatching(/^localEndpoint: must be on this machine .*not 10\.0\.0\.5/),
    ]);
    expect(configProblems({ ...minimal, localEndpoint: 'https://sts.amazonaws.com' })).toEqual([
      expect.stringMatching(/^localEndpoint: must be on this machine/),
    ]);
    expect(configProblems({ ...minimal, localEndpoint: 'not a url' })).toEqual([expect.stringMatching(/^localEndpoint: must be a URL/)]);
    expect(configProblems({ ...minimal, localEndpoint: 'http://127.0.0.1:4566' })).toEqual([]);
    expect(configProblems({ ...minimal, localEndpoint: 'http://localhost:5000' })).toEqual([]);
  });

  it('refuses a remote state backend, naming the field', () => {
    expect(
      configProblems({ ...minimal, localEndpoint: 'http://127.0.0.1:4566', backend: { type: 's3', bucket: 'state-bucket', region: 'us-east-1' } }),
    ).toEqual([expect.stringMatching(/^localEndpoint: cannot be combined with backend\.type s3/)]);
    expect(configProblems({ ...minimal, localEndpoint: 'http://127.0.0.1:4566', backend: { type: 'cloud', organization: 'acme' } })).toEqual([
      expect.stringMatching(/^localEndpoint: cannot be combined with backend\.type cloud/),
    ]);
  });

  it('points the provider at the endpoint for every service, with test keys and bounded retries, keeping the assumed role and the account check', () => {
    const { read } = synthesizeWithLocalEndpoint('examples/single-account.yaml', 'http://127.0.0.1:4566');
    const [provider] = read('sandbox-us-east-1').provider.aws;
    expect(provider).toMatchObject({
      access_key: 'testing',
      secret_key: 'testing',
      skip_credentials_validation: true,
      skip_metadata_api_check: true,
      s3_use_path_style: true,
      max_retries: 2,
      allowed_account_ids: ['123456789012'],
      assume_role: [{ role_arn: 'arn:aws:iam::123456789012:role/guards-deployer', session_name: 'guards-terraform' }],
    });
    expect(provider.endpoints).toEqual([Object.fromEntries(localEndpointServices.map((service) => [service, 'http://127.0.0.1:4566']))]);
  });

  it('works around every emulator gap at synth and lists what it left out in the synth summary', () => {
    const { summaries, read } = synthesizeWithLocalEndpoint('examples/single-account.yaml', 'http://127.0.0.1:4566');
    const stack = read('sandbox-us-east-1');
    expect(stack.resource.aws_ssm_association).toBeUndefined();
    expect(stack.resource.aws_s3_bucket_versioning).toBeUndefined();
    expect(Object.values(stack.resource.aws_cloudtrail).map((trail) => (trail as { enable_logging: boolean }).enable_logging)).toEqual([false]);
    for (const fn of Object.values(stack.resource.aws_lambda_function) as { lifecycle: { ignore_changes: string[] } }[]) {
      expect(fn.lifecycle.ignore_changes).toEqual(['logging_config']);
    }
    expect(summaries[0].leftOutForEmulator).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_ssm_association\..* \(ssm-create-association\)$/)]));
    expect(formatSynthSummary(summaries)).toContain('left out for the local emulator');
  });

  it('changes nothing when unset', () => {
    const [stack] = synthesizeConfigFile('examples/single-account.yaml');
    expect(stack.json.provider.aws[0].endpoints).toBeUndefined();
    expect(stack.json.resource.aws_ssm_association).toBeDefined();
    expect(applyEmulatorGaps(stack.json as never).json).not.toEqual(stack.json);
  });

  it('every gap quotes the emulator and says why real AWS differs', () => {
    for (const gap of emulatorGaps) {
      expect(gap.emulatorError.length).toBeGreaterThan(20);
      expect(gap.realAws.length).toBeGreaterThan(20);
    }
    expect(new Set(emulatorGaps.map((gap) => gap.id)).size).toBe(emulatorGaps.length);
  });

  it('leaves out the outputs of a resource it leaves out, and lists them', () => {
    const json = {
      resource: { aws_organizations_policy: { scp: { name: 'x' } }, aws_sns_topic: { alerts: { name: 'a' } } },
      output: { 'policy-id': { value: '${aws_organizations_policy.scp.id}' }, topic: { value: '${aws_sns_topic.alerts.arn}' } },
    };
    const result = applyEmulatorGaps(json);
    expect(result.leftOut).toEqual(['aws_organizations_policy.scp', 'output.policy-id']);
    expect(Object.keys(result.json.output!)).toEqual(['topic']);
    expect(json.output['policy-id']).toBeDefined();
  });

  it('drops an ordering on a resource it leaves out (depends_on), keeping the others', () => {
    const json = {
      resource: {
        aws_s3_bucket_versioning: { versioning: { bucket: 'b' } },
        aws_s3_object: {
          only: { bucket: 'b', depends_on: ['aws_s3_bucket_versioning.versioning'] },
          both: { bucket: 'b', depends_on: ['aws_s3_bucket_versioning.versioning', 'aws_s3_object.only'] },
        },
      },
    };
    const result = applyEmulatorGaps(json);
    expect(result.leftOut).toEqual(['aws_s3_bucket_versioning.versioning']);
    expect(result.json.resource!.aws_s3_object).toEqual({ only: { bucket: 'b' }, both: { bucket: 'b', depends_on: ['aws_s3_object.only'] } });
  });

  it('refuses to leave out a resource that another still refers to', () => {
    const json = {
      resource: {
        aws_ssm_association: { install: { name: 'x' } },
        aws_ssm_parameter: { reader: { name: 'y', value: '${aws_ssm_association.install.association_id}' } },
      },
    };
    expect(() => applyEmulatorGaps(json)).toThrow(/leaves out aws_ssm_association\.install but other resources or outputs still refer to them/);
  });
});

/**
 * The provider's endpoint key of each resource type the examples synthesize, by the type's prefix
 * (the provider's own grouping). A type matching no prefix fails the test below, so a new service
 * cannot slip past the endpoint list and be called at real AWS by a local deploy.
 */
const endpointKeyByTypePrefix: readonly [string, string][] = [
  ['aws_cloudwatch_event_', 'events'],
  ['aws_cloudwatch_log_', 'logs'],
  ['aws_cloudwatch_metric_alarm', 'cloudwatch'],
  ['aws_cloudtrail', 'cloudtrail'],
  ['aws_config_', 'configservice'],
  ['aws_dynamodb_', 'dynamodb'],
  ['aws_iam_', 'iam'],
  ['aws_kms_', 'kms'],
  ['aws_lambda_', 'lambda'],
  ['aws_organizations_', 'organizations'],
  ['aws_s3_', 's3'],
  ['aws_signer_', 'signer'],
  ['aws_sns_', 'sns'],
  ['aws_sqs_', 'sqs'],
  ['aws_ssm_', 'ssm'],
];

describe('localEndpoint covers every service the examples use', () => {
  it.each(['examples/single-account.yaml', 'examples/multi-account-standalone.yaml', 'examples/organization.yaml'])('%s', (configFile) => {
    const types = new Set(synthesizeConfigFile(configFile).flatMap((stack) => Object.keys(stack.json.resource ?? {})));
    const keys = [...types].map((type) => endpointKeyByTypePrefix.find(([prefix]) => type.startsWith(prefix))?.[1] ?? `unmapped:${type}`);
    expect(keys.filter((key) => !(localEndpointServices as readonly string[]).includes(key))).toEqual([]);
  });
});
