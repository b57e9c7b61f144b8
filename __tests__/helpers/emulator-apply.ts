import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { pointProvidersAtLocalEndpoint } from '../../modules/stacks/local-endpoint';
import { emulatorCopyOfStack } from './emulator-stack';
import { MotoServer } from './moto-server';
import { SharedProvider } from './shared-provider';
import type { GuardsConfig } from '../../modules/config/guards-config';
import { SynthesizedStack, repoRoot, synthesizeConfigFile } from './synth';
import { TerraformPriority, TerraformRunner, emulatorTerraformParallelism, terraformTestTimeoutMs } from './terraform';

/**
 * One example's stacks applied for real, by real terraform and the real AWS provider, to a local
 * AWS API emulator (moto server): apply, a re-plan with no changes, destroy to an empty state. The
 * emulator's gaps are worked around in the copy only, by modules/stacks/emulator-gaps.ts. Used by
 * __tests__/emulator/terraform-apply-*.test.ts, one suite per example so that jest runs them on
 * workers of their own (each example has its own server and its own dependency chain).
 *
 * Each example is applied to ONE server of its own and its stacks stay applied together until every
 * re-plan is done: the home-region and a non-home-region stack of one account create their IAM
 * roles side by side, which fails with EntityAlreadyExists unless account-global names are unique.
 * Stacks are applied in the order of the synth manifest's dependencies (what `cdktf deploy`
 * follows): artifacts, then the hub, then a member's home region, then its other regions; stacks
 * that do not depend on each other are applied (and destroyed) at the same time.
 */

export interface StackRun {
  readonly stack: SynthesizedStack;
  /** Stacks of this run that must be applied first (the synth manifest's dependencies). */
  readonly after: readonly string[];
  directory?: string;
  provider?: SharedProvider;
  applyOutput?: string;
  planOutput?: string;
  stateAfterDestroy?: string;
}

export interface ExampleRun {
  readonly configFile: string;
  readonly stackNames: readonly string[];
  /** 'critical-path' for the cycle that bounds the test run (see TerraformPriority). */
  readonly priority: TerraformPriority;
  readonly runs: StackRun[];
}

/**
 * What the organization already has before the guards are deployed, made on the emulator with a
 * small Terraform configuration of its own: the organization trail's log group in the hub account
 * (hub.organizationTrail), which the hub's sign-in alert subscribes to.
 */
function existingOrganizationResources(configFile: string, endpoint: string): string | undefined {
  const config = loadGuardsConfig(path.join(repoRoot, configFile));
  const logGroupName = config.hub?.organizationTrail?.logGroupName;
  if (!config.hub || !logGroupName) return undefined;
  const hubAccount = config.accounts.find((account) => account.name === config.hub!.account)!;
  const directory = mkdtempSync(path.join(tmpdir(), 'guards-emulator-organization-'));
  const provider = {
    region: config.homeRegion,
    ...(hubAccount.roleArn ? { assume_role: [{ role_arn: hubAccount.roleArn, session_name: 'organization-set-up' }] } : {}),
  };
  writeFileSync(
    path.join(directory, 'main.tf.json'),
    JSON.stringify({
      terraform: { required_providers: { aws: { source: 'hashicorp/aws', version: '5.100.0' } } },
      provider: { aws: pointProvidersAtLocalEndpoint([provider], endpoint) },
      resource: { aws_cloudwatch_log_group: { organization_trail: { name: logGroupName } } },
    }),
  );
  return directory;
}

const parallelism = `-parallelism=${emulatorTerraformParallelism}`;
/** The accounts and regions the examples are synthesized for (org-plan's selection). */
const accounts = ['security-tooling', 'production'];
const regions = ['us-east-1', 'eu-west-1'];

function manifestDependencies(stack: SynthesizedStack): string[] {
  const outdir = path.dirname(path.dirname(stack.directory));
  const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8')) as { stacks: Record<string, { dependencies?: string[] }> };
  return manifest.stacks[stack.name]?.dependencies ?? [];
}

/** Apply in dependency order, re-plan everything, destroy in reverse order; every problem reported. */
export async function applyReplanDestroy(example: ExampleRun, terraform: TerraformRunner): Promise<string[]> {
  const server = await MotoServer.start();
  const problems: string[] = [];
  const collect = (results: PromiseSettledResult<unknown>[]) => {
    for (const result of results) if (result.status === 'rejected') problems.push(`${example.configFile}: ${String(result.reason)}`);
  };
  const organization = existingOrganizationResources(example.configFile, server.endpoint);
  try {
    // Only the hub's stacks need the organization's resources: the artifacts stacks apply (and the
    // example synthesizes) meanwhile.
    const organizationReady = (async () => {
      if (!organization) return;
      await terraform.init(organization);
      await terraform.run(['apply', '-auto-approve', '-input=false'], organization);
    })();
    const synthesized = synthesizeConfigFile(example.configFile, { accounts, regions }, withoutCodeSigning);
    for (const name of example.stackNames) {
      const stack = synthesized.find((candidate) => candidate.name === name);
      if (!stack) throw new Error(`${example.configFile} synthesized no stack ${name}`);
      example.runs.push({ stack, after: manifestDependencies(stack).filter((dependency) => example.stackNames.includes(dependency)) });
    }
    const byName = new Map(example.runs.map((run) => [run.stack.name, run]));
    const applied = new Map<string, Promise<void>>();
    const apply = async (run: StackRun) => {
      await Promise.all([...run.after.map((name) => applied.get(name)), ...(run.stack.name.startsWith('artifacts-') ? [] : [organizationReady])]);
      const artifacts = run.after.find((name) => name.startsWith('artifacts-'));
      const artifactsState = artifacts ? path.join(byName.get(artifacts)!.directory!, 'terraform.tfstate') : undefined;
      const copy = emulatorCopyOfStack(run.stack.directory, server.endpoint, artifactsState);
      run.directory = copy.directory;
      await terraform.init(copy.directory);
      run.provider = await SharedProvider.start(copy.directory);
      run.applyOutput = (await terraform.run(['apply', '-auto-approve', '-input=false', parallelism], copy.directory, [], run.provider.environment)).output;
    };
    // Every stack's promise exists before any awaits another (dependencies come first in the list).
    for (const run of example.runs) applied.set(run.stack.name, apply(run));
    // Every apply has ended (none still holds its state lock) before anything else runs.
    collect(await Promise.allSettled([organizationReady, ...applied.values()]));
    if (problems.length === 0) {
      // Every stack is applied; each re-plans with the others still there.
      collect(
        await Promise.allSettled(
          example.runs.map(async (run) => {
            run.planOutput = (
              await terraform.run(['plan', '-detailed-exitcode', '-input=false', parallelism], run.directory!, [], run.provider!.environment)
            ).output;
          }),
        ),
      );
    }
    // Dependents before what they depend on: the reverse of the apply order, one level at a time.
    const destroyed = new Map<string, Promise<void>>();
    const destroy = async (run: StackRun) => {
      const dependents = example.runs.filter((other) => other.after.includes(run.stack.name));
      await Promise.allSettled(dependents.map((dependent) => destroyed.get(dependent.stack.name)));
      if (!run.directory) return;
      // The re-plan has just refreshed every resource and found no change: a second refresh (every
      // resource read again) would only repeat it. Each resource is still deleted by its own call.
      await terraform.run(['destroy', '-auto-approve', '-input=false', '-refresh=false', parallelism], run.directory, [], run.provider?.environment);
      run.provider?.stop();
      run.stateAfterDestroy = (await terraform.run(['state', 'list'], run.directory)).output;
    };
    for (const run of [...example.runs].reverse()) destroyed.set(run.stack.name, destroy(run));
    collect(await Promise.allSettled(destroyed.values()));
    const faults = server.recentFaults();
    if (problems.length > 0 && faults) problems.push(`the emulator's recent faults:\n${faults}`);
  } finally {
    for (const run of example.runs) run.provider?.stop();
    server.stop();
  }
  return problems;
}

/**
 * The suite every example's cycle passes: one apply-replan-destroy before the checks, the apply
 * order, no changes on re-plan, an empty state after destroy. `orderChecks` adds the example's
 * own `it`s about its dependency order.
 */
export function describeApplyCycle(title: string, example: ExampleRun, orderChecks: () => void = () => undefined): void {
  describe(title, () => {
    beforeAll(async () => {
      const problems = await applyReplanDestroy(example, new TerraformRunner(undefined, example.priority));
      if (problems.length > 0) throw new Error(problems.join('\n\n'));
    }, terraformTestTimeoutMs);

    it('applies the stacks in the order cdktf deploy follows', () => {
      expect(example.runs.map((run) => run.stack.name)).toEqual(example.stackNames);
      for (const run of example.runs) expect(run.applyOutput).toMatch(/Apply complete! Resources: [1-9]\d* added, 0 changed, 0 destroyed\./);
    });

    orderChecks();

    it('re-plans every applied stack to no changes (plan -detailed-exitcode exits 0)', () => {
      for (const run of example.runs) expect(run.planOutput).toContain('No changes.');
    });

    it('destroys every stack to an empty state', () => {
      for (const run of example.runs) expect(run.stateAfterDestroy?.trim()).toBe('');
    });
  });
}

/**
 * The emulator has no AWS Signer: moto answers its calls with 404 (the provider fails reading the
 * signing profile's permissions: `signer: ListProfilePermissions ... StatusCode: 404`). Bucket mode
 * signs by default; the apply cycles run it unsigned, and code signing is proven by the terraform
 * validate and plan of the bucket-mode examples (__tests__/terraform/) and __tests__/stacks/code-integrity.test.ts.
 */
function withoutCodeSigning(config: GuardsConfig): GuardsConfig {
  return config.handlerCode.source === 'bucket' ? { ...config, handlerCode: { ...config.handlerCode, codeSigning: { enabled: false } } } : config;
}
