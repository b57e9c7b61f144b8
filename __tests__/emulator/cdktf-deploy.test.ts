import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parse, stringify } from 'yaml';
import { MotoServer } from '../helpers/moto-server';
import { repoRoot } from '../helpers/synth';
import {
  TerraformRunner,
  emulatorTerraformParallelism,
  findProviderMirror,
  terraformGoEnvironment,
  terraformTestTimeoutMs,
  offlineRootConfiguration,
  sharedPluginCacheDirectory,
  withPriority,
  writeTerraformCliConfig,
} from '../helpers/terraform';

const execFileAsync = promisify(execFile);

/**
 * The deploy path a user takes to try the guards locally: the real `npx cdktf deploy` and
 * `npx cdktf destroy` of the repo's app (cdktf.json) against a moto server, with the config's
 * `localEndpoint` set (never an edit of the synthesized output). Configs are temp copies and the
 * synthesized output goes to a temp folder (`--output`): nothing is written into the repo.
 */

interface CdktfRun {
  readonly output: string;
}

const workDirectory = mkdtempSync(path.join(tmpdir(), 'guards-cdktf-deploy-'));
const cliConfigFile = writeTerraformCliConfig(workDirectory, findProviderMirror());

async function cdktf(args: string[], environment: Record<string, string>): Promise<CdktfRun> {
  try {
    // Off the test run's critical path: the CLI and the terraform it starts run niced.
    const [command, commandArgs] = withPriority('background', 'npx', ['--no-install', 'cdktf', ...args, '--no-color']);
    const result = await execFileAsync(command, commandArgs, {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...environment,
        // The terraform processes the CLI starts (cdktf itself is node, which ignores them).
        ...terraformGoEnvironment,
        TF_CLI_CONFIG_FILE: cliConfigFile,
        TF_PLUGIN_CACHE_DIR: sharedPluginCacheDirectory,
        CHECKPOINT_DISABLE: '1',
        // cdktf's own telemetry and crash reports (cdktf.json also says sendCrashReports false).
        CDKTF_DISABLE_TELEMETRY: 'true',
        DISABLE_VERSION_CHECK: 'true',
        CI: '1',
        TF_IN_AUTOMATION: '1',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_SESSION_TOKEN: '',
        AWS_PROFILE: '',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
      maxBuffer: 256 * 1024 * 1024,
    });
    const output = result.stdout + result.stderr;
    // Kept beside the temp output for whoever reads a failure.
    writeFileSync(path.join(workDirectory, `cdktf-${args[0]}-${Date.now()}.log`), output);
    return { output };
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(`npx cdktf ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`, { cause: error });
  }
}

/** Forwarded to terraform as -parallelism (helpers/terraform.ts says why). */
const terraformParallelism = ['--terraform-parallelism', String(emulatorTerraformParallelism)];

/** A temp copy of a repo config with `changes` over it. */
function configCopy(relativeConfigFile: string, changes: Record<string, unknown>): string {
  const config = { ...parse(readFileSync(path.join(repoRoot, relativeConfigFile), 'utf8')), ...changes };
  const file = path.join(mkdtempSync(path.join(workDirectory, 'config-')), path.basename(relativeConfigFile));
  writeFileSync(file, stringify(config));
  return file;
}

function stateResources(outdir: string, stack: string): unknown[] {
  const stateFile = path.join(outdir, 'stacks', stack, 'terraform.tfstate');
  if (!existsSync(stateFile)) throw new Error(`no state file ${stateFile}`);
  return (JSON.parse(readFileSync(stateFile, 'utf8')) as { resources: unknown[] }).resources;
}

describe('npx cdktf deploy and destroy against a local AWS emulator (localEndpoint)', () => {
  let server: MotoServer;
  const results: Record<
    string,
    {
      deploy?: CdktfRun;
      replan?: { output: string };
      outputs?: Record<string, Record<string, string>>;
      resourcesAfterDeploy?: number;
      artifactsReadByGuardStack?: unknown;
      manifestDependencies?: string[];
      destroy?: CdktfRun;
      resourcesAfterDestroy?: unknown[];
    }
  > = {};

  beforeAll(async () => {
    server = await MotoServer.start();
    // The cdktf CLI inits its stacks at the same time; concurrent installs into one plugin cache
    // fail, so the provider is put in the cache first.
    const warmUp = mkdtempSync(path.join(workDirectory, 'warm-up-'));
    writeFileSync(path.join(warmUp, 'main.tf'), offlineRootConfiguration('us-east-1'));
    await new TerraformRunner(warmUp).init(warmUp);
    // The default example as it is, pointed at the emulator.
    const single = async () => {
      const outdir = path.join(workDirectory, 'single.out');
      const outputsFile = path.join(workDirectory, 'single-outputs.json');
      const environment = { GUARDS_CONFIG: configCopy('examples/single-account.yaml', { localEndpoint: server.endpoint }) };
      const result: (typeof results)[string] = (results.single = {});
      result.deploy = await cdktf(
        ['deploy', 'sandbox-us-east-1', '--auto-approve', '--skip-provider-lock', ...terraformParallelism, '--output', outdir, '--outputs-file', outputsFile],
        environment,
      );
      result.outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
      result.resourcesAfterDeploy = stateResources(outdir, 'sandbox-us-east-1').length;
      // The deployed stack re-plans to no changes (exit code 0 of plan -detailed-exitcode).
      result.replan = await new TerraformRunner(workDirectory).run(
        ['plan', '-detailed-exitcode', '-input=false'],
        path.join(outdir, 'stacks', 'sandbox-us-east-1'),
      );
      result.destroy = await cdktf(
        ['destroy', 'sandbox-us-east-1', '--auto-approve', '--skip-provider-lock', ...terraformParallelism, '--output', outdir],
        environment,
      );
      result.resourcesAfterDestroy = stateResources(outdir, 'sandbox-us-east-1');
    };
    // The standalone organization example (localEndpoint does not take hub mode yet) with its state
    // kept locally: one region's artifacts stack and a guard stack that takes its code from it,
    // named in the reverse of the order they must apply.
    const organization = async () => {
      const outdir = path.join(workDirectory, 'organization.out');
      const outputsFile = path.join(workDirectory, 'organization-outputs.json');
      const environment = {
        GUARDS_CONFIG: configCopy('examples/multi-account-standalone.yaml', { localEndpoint: server.endpoint, backend: { type: 'local' } }),
        GUARDS_ACCOUNTS: 'production',
        GUARDS_REGIONS: 'eu-west-1',
      };
      const stacks = ['production-eu-west-1', 'artifacts-eu-west-1'];
      const result: (typeof results)[string] = (results.organization = {});
      result.deploy = await cdktf(
        ['deploy', ...stacks, '--auto-approve', '--skip-provider-lock', ...terraformParallelism, '--output', outdir, '--outputs-file', outputsFile],
        environment,
      );
      result.outputs = JSON.parse(readFileSync(outputsFile, 'utf8'));
      const guardResources = stateResources(outdir, 'production-eu-west-1') as {
        mode: string;
        type: string;
        instances: { attributes: { outputs?: { value?: Record<string, unknown> } } }[];
      }[];
      result.resourcesAfterDeploy = guardResources.length;
      // What the guard stack read of the artifacts stack's state while it was applied: it exists
      // only if the artifacts stack had been applied first.
      result.artifactsReadByGuardStack = guardResources.find((resource) => resource.mode === 'data' && resource.type === 'terraform_remote_state')?.instances[0]
        ?.attributes.outputs?.value?.['object-versions'];
      const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies?: string[] }> };
      result.manifestDependencies = manifest.stacks['production-eu-west-1']?.dependencies;
      result.destroy = await cdktf(['destroy', ...stacks, '--auto-approve', '--skip-provider-lock', ...terraformParallelism, '--output', outdir], environment);
      result.resourcesAfterDestroy = [...stateResources(outdir, 'production-eu-west-1'), ...stateResources(outdir, 'artifacts-eu-west-1')];
    };
    const settled = await Promise.allSettled([single(), organization()]);
    const failures = settled.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failures.length > 0) throw new Error(failures.map((failure) => String(failure.reason)).join('\n\n'));
  }, terraformTestTimeoutMs);

  afterAll(() => server?.stop());

  it("deploys the default example's stack and writes its outputs", () => {
    const outputs = results.single.outputs!['sandbox-us-east-1'];
    expect(Object.values(outputs)).toContain('arn:aws:sns:us-east-1:123456789012:guards-alerts');
    expect(results.single.resourcesAfterDeploy).toBeGreaterThan(50);
  });

  it('re-plans the deployed default stack to no changes', () => {
    expect(results.single.replan!.output).toContain('No changes.');
  });

  it('says in the synth summary what it left out for the emulator', () => {
    expect(results.single.deploy!.output).toContain('left out for the local emulator');
    expect(results.single.deploy!.output).toMatch(/aws_ssm_association\.\S+ \(ssm-create-association\)/);
  });

  it('applies the artifacts stack before the guard stack that takes its code from it', () => {
    // The CLI's interleaved output is no record of order; the guard stack's own state is: its
    // functions pin the object versions it read from the artifacts stack's state, which exist only
    // once the artifacts stack is applied (named last on the command line, applied first).
    expect(results.organization.manifestDependencies).toContain('artifacts-eu-west-1');
    expect(Object.keys((results.organization.artifactsReadByGuardStack ?? {}) as Record<string, unknown>)).toEqual(
      expect.arrayContaining(['instance-quarantine', 'cloudtrail-alert']),
    );
    expect(Object.values(results.organization.outputs!['artifacts-eu-west-1'])).toContain('example-guards-artifacts-eu-west-1');
    expect(Object.values(results.organization.outputs!['production-eu-west-1'])).toContain('arn:aws:sns:eu-west-1:222222222222:guards-alerts');
  });

  it('destroys every deployed stack to an empty state', () => {
    expect(results.single.resourcesAfterDestroy).toEqual([]);
    expect(results.organization.resourcesAfterDestroy).toEqual([]);
  });
});
