import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { awsProviderVersion, providerProcessEnvironment } from './terraform-environment';
import { SharedProvider } from './shared-provider';
import { handlerOfFunction } from './synth';

/** The provider the project pins (package.json: @cdktf/provider-aws 20.1.0). */

/**
 * The `terraform` and `provider "aws"` blocks of a plain root configuration, as a team without
 * CDKTF would write them, made to plan offline: fake credentials and every AWS look-up off.
 */
export function offlineRootConfiguration(region: string): string {
  return [
    `terraform {\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "${awsProviderVersion}"\n    }\n  }\n}`,
    'provider "aws" {',
    `  region                      = "${region}"`,
    '  access_key                  = "AKIAIOSFODNN7EXAMPLE"',
    '  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"',
    '  skip_credentials_validation = true',
    '  skip_requesting_account_id  = true',
    '  skip_metadata_api_check     = true',
    '}',
    '',
  ].join('\n');
}
export { awsProviderVersion, terraformGoEnvironment, providerProcessEnvironment } from './terraform-environment';

const execFileAsync = promisify(execFile);

/**
 * Terraform's -parallelism for applies to the emulator. Terraform mostly waits there on the
 * provider's own fixed waits, the same against AWS (a Lambda function's first state check 5 s after
 * it is created; an SQS queue or queue policy read back until six reads 5 s apart agree, about 25 s;
 * a deleted queue read until fifteen reads 3 s apart find it gone): more resources at once shorten
 * the apply, at little CPU. Above terraform's default of 10 also because functions uploaded from a
 * local zip are created one at a time (the provider holds a lock while it reads the zip) and each
 * one waiting for that lock holds a slot the queues could use.
 */
export const emulatorTerraformParallelism = 20;

/**
 * Where a terraform run stands in `npm test`'s schedule. The run is bound by CPU (terraform and
 * the AWS provider take about three quarters of it) and ends when its longest chain of terraform
 * commands does: the hub example's apply cycle (artifacts, hub, members, each step also waiting on
 * the provider's waiters). Its commands run at normal priority; every other terraform command
 * (offline plans, the other apply cycles, cdktf deploy) runs niced, so that it takes the cores
 * while the critical chain waits and yields them when it needs them. Only the order of the work
 * changes, not the work.
 */
export type TerraformPriority = 'critical-path' | 'background';

/** The `nice` increment of background terraform runs (see TerraformPriority). */
export const backgroundNiceness = 10;

/** The command line that runs `command` at `priority`. */
export function withPriority(priority: TerraformPriority, command: string, args: readonly string[]): [string, string[]] {
  return priority === 'critical-path' ? [command, [...args]] : ['nice', ['-n', String(backgroundNiceness), command, ...args]];
}

/**
 * Timeout of a test that runs terraform: far above its need (a busy 2-core machine can be many
 * times slower than an idle one), so that no test fails because the machine is slow.
 */
export const terraformTestTimeoutMs = 30 * 60_000;
const providerSubPath = path.join('registry.terraform.io', 'hashicorp', 'aws', awsProviderVersion);

/** Environment variable naming a filesystem mirror that holds hashicorp/aws at the pinned version. */
export const providerMirrorVariable = 'GUARDS_TF_PROVIDER_MIRROR';

/**
 * Finds the local filesystem mirror of the AWS provider: the folder named by
 * GUARDS_TF_PROVIDER_MIRROR, else Terraform's implied local mirror folders, else any folder
 * directly under /opt that holds one. Tests never download a provider.
 */
export function findProviderMirror(): string {
  const fromEnvironment = process.env[providerMirrorVariable];
  if (fromEnvironment) {
    if (!existsSync(path.join(fromEnvironment, providerSubPath))) {
      throw new Error(`${providerMirrorVariable}=${fromEnvironment} holds no ${providerSubPath}`);
    }
    return fromEnvironment;
  }
  const impliedMirrors = [
    path.join(homedir(), '.terraform.d', 'plugins'),
    path.join(homedir(), '.local', 'share', 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
  const underOpt = existsSync('/opt') ? readdirSync('/opt').map((entry) => path.join('/opt', entry)) : [];
  const found = [...impliedMirrors, ...underOpt].find((candidate) => existsSync(path.join(candidate, providerSubPath)));
  if (!found) {
    throw new Error(
      `no filesystem mirror of hashicorp/aws ${awsProviderVersion} found; set ${providerMirrorVariable} to the folder that holds ${providerSubPath}`,
    );
  }
  return found;
}

/**
 * One provider plugin cache for every terraform run of a test worker process: each `init` links
 * the provider instead of copying it (hundreds of MB) into each working folder. One per jest
 * worker process (named by its pid, which no other test run on the machine shares, unlike the
 * worker's number), because concurrent installs into one cache fail.
 */
export const sharedPluginCacheDirectory = path.join(tmpdir(), `guards-tf-plugin-cache-${process.pid}`);

/** Writes a Terraform CLI config that installs the AWS provider from the mirror only. */
export function writeTerraformCliConfig(directory: string, mirror: string, pluginCacheDirectory: string = sharedPluginCacheDirectory): string {
  mkdirSync(pluginCacheDirectory, { recursive: true });
  const file = path.join(directory, 'terraform.tfrc');
  writeFileSync(
    file,
    [
      'provider_installation {',
      `  filesystem_mirror {`,
      `    path    = ${JSON.stringify(mirror)}`,
      `    include = ["registry.terraform.io/hashicorp/*"]`,
      '  }',
      '}',
      `plugin_cache_dir = ${JSON.stringify(pluginCacheDirectory)}`,
      // Nothing may reach the network from a test.
      'disable_checkpoint = true',
      '',
    ].join('\n'),
  );
  return file;
}

/**
 * A filesystem mirror gives Terraform one platform's checksums only; that says nothing about the
 * configuration under test.
 */
export const initLockFileWarning = 'Incomplete lock file information for providers';

export interface TerraformResult {
  readonly output: string;
}

/**
 * Terraform's plugin cache is not safe for concurrent installs into it (a second `init` fails
 * with "mkdir ...: file exists"): inits of this process run one at a time.
 */
let initQueue: Promise<unknown> = Promise.resolve();

export class TerraformRunner {
  readonly cliConfigFile: string;

  /** `terraform init`, one at a time in this process (see initQueue). */
  init(cwd: string): Promise<TerraformResult> {
    const result = initQueue.then(() => this.run(['init', '-input=false'], cwd, [initLockFileWarning]));
    initQueue = result.catch(() => undefined);
    return result;
  }

  constructor(
    workDirectory: string = mkdtempSync(path.join(tmpdir(), 'guards-tf-cli-')),
    private readonly priority: TerraformPriority = 'background',
  ) {
    this.cliConfigFile = writeTerraformCliConfig(workDirectory, findProviderMirror());
  }

  /**
   * Runs terraform; throws with its whole output when it fails or warns, except for warnings
   * whose title is listed in `allowedWarnings` (e.g. init's note about lock-file checksums).
   */
  async run(
    args: string[],
    cwd: string,
    allowedWarnings: readonly string[] = [],
    environment: Readonly<Record<string, string>> = {},
  ): Promise<TerraformResult> {
    let output: string;
    try {
      const [command, commandArgs] = withPriority(this.priority, 'terraform', [...args, '-no-color']);
      const result = await execFileAsync(command, commandArgs, {
        cwd,
        encoding: 'utf8',
        env: {
          ...providerProcessEnvironment(),
          TF_CLI_CONFIG_FILE: this.cliConfigFile,
          TF_IN_AUTOMATION: '1',
          TF_INPUT: '0',
          CHECKPOINT_DISABLE: '1',
          ...environment,
        },
        maxBuffer: 256 * 1024 * 1024,
      });
      output = result.stdout + result.stderr;
    } catch (error) {
      const failed = error as { stdout?: string; stderr?: string };
      throw new Error(`terraform ${args.join(' ')} failed in ${cwd}:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`, { cause: error });
    }
    const warnings = [...output.matchAll(/^[\s│]*Warning: (.*)$/gm)].map((match) => match[1].trim());
    if (warnings.some((title) => !allowedWarnings.includes(title))) {
      throw new Error(`terraform ${args.join(' ')} warned in ${cwd}:\n${output}`);
    }
    return { output };
  }

  /**
   * init, validate and an offline plan of a synthesized stack (on a copy); returns the plan's
   * output. Fails on any error or warning about the configuration.
   */
  async initValidatePlan(stackDirectory: string): Promise<string> {
    const directory = offlineCopyOfStack(stackDirectory);
    await this.init(directory);
    const provider = await SharedProvider.start(directory);
    try {
      const validate = await this.run(['validate'], directory, [], provider.environment);
      if (!validate.output.includes('The configuration is valid')) throw new Error(`terraform validate in ${directory}:\n${validate.output}`);
      return (await this.run(['plan', '-input=false', '-lock=false', '-refresh=false'], directory, [], provider.environment)).output;
    } finally {
      provider.stop();
    }
  }
}

/** Runs `work` over `items`, at most `concurrency` at a time (terraform is CPU-bound; 2 cores). */
export async function inParallel<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Copies a synthesized stack and points its provider at fake credentials with every AWS look-up
 * switched off, so that `terraform plan` runs with no network and no account. Only the provider's
 * authentication changes: the assumed role and the account guard (allowed_account_ids) need STS,
 * which an offline plan cannot reach; construct tests prove both are set.
 */
export function offlineCopyOfStack(stackDirectory: string): string {
  const copy = mkdtempSync(path.join(tmpdir(), `guards-plan-${path.basename(stackDirectory)}-`));
  cpSync(stackDirectory, copy, { recursive: true });
  const stackFile = path.join(copy, 'cdk.tf.json');
  const stack = JSON.parse(readFileSync(stackFile, 'utf8'));
  stack.provider.aws = stack.provider.aws.map((provider: Record<string, unknown>) => {
    const { assume_role: _assumeRole, allowed_account_ids: _allowed, ...rest } = provider;
    return {
      ...rest,
      skip_credentials_validation: true,
      skip_requesting_account_id: true,
      skip_metadata_api_check: true,
      skip_region_validation: true,
    };
  });
  // The state of an offline plan stays in the temp folder.
  stack.terraform.backend = { local: { path: 'terraform.tfstate' } };
  replaceRemoteStates(stack, copy);
  writeFileSync(stackFile, JSON.stringify(stack, null, 2));
  return copy;
}

/**
 * A guard stack in bucket mode reads its region's artifacts stack's state (the object version of
 * each handler zip). Offline, that state is a local file standing for an applied artifacts stack:
 * one made-up version id per handler object the stack's functions name.
 */
function replaceRemoteStates(
  stack: { data?: Record<string, Record<string, Record<string, unknown>>>; resource?: Record<string, Record<string, Record<string, unknown>>> },
  directory: string,
): void {
  const remoteStates = stack.data?.terraform_remote_state;
  if (!remoteStates) return;
  const handlerNames = Object.values(stack.resource?.aws_lambda_function ?? {}).flatMap((fn) => handlerOfFunction(fn) ?? []);
  const perHandler = (value: (name: string) => string) => ({
    value: Object.fromEntries(handlerNames.map((name) => [name, value(name)])),
    type: ['map', 'string'],
  });
  const state = {
    version: 4,
    terraform_version: '1.10.0',
    serial: 1,
    lineage: 'offline-artifacts',
    outputs: {
      'object-versions': perHandler((name) => `offline-version-of-${name}`),
      // With code signing (bucket mode's default): the signed zips and the profile version they trust.
      'signed-object-keys': perHandler((name) => `signed/${name}/offline-signed-${name}.zip`),
      'signed-object-versions': perHandler((name) => `offline-signed-version-of-${name}`),
      'signing-profile-version-arn': { value: 'arn:aws:signer:us-east-1:111111111111:/signing-profiles/guards_handlers_offline/abcdef0123', type: 'string' },
    },
    resources: [],
  };
  writeFileSync(path.join(directory, 'artifacts.tfstate'), JSON.stringify(state));
  for (const remoteState of Object.values(remoteStates)) {
    remoteState.backend = 'local';
    remoteState.config = { path: 'artifacts.tfstate' };
  }
}
