import { emulatorCopyOfStack } from '../helpers/emulator-stack';
import { MotoServer } from '../helpers/moto-server';
import { SynthesizedStack, synthesizeConfigFile } from '../helpers/synth';
import { TerraformRunner, terraformTestTimeoutMs } from '../helpers/terraform';

/**
 * Every stack shape applied for real, by real terraform and the real AWS provider, to a local AWS
 * API emulator (moto server): apply, a re-plan with no changes, destroy to an empty state. The
 * emulator's gaps are worked around in the copy only, by modules/stacks/emulator-gaps.ts.
 *
 * examples/single-account.yaml's only stack (sandbox-us-east-1) goes through the same cycle in
 * cdktf-deploy.test.ts, by the cdktf CLI (deploy, re-plan with no changes, destroy): applying its
 * 112 resources twice would double the slowest part of the test run.
 *
 * All stacks are applied to ONE server and stay applied together until every re-plan is done: the
 * home-region and a non-home-region stack of one account (security-tooling) create their IAM roles
 * side by side, which fails with EntityAlreadyExists unless account-global names are unique.
 */

interface StackRun {
  readonly stack: SynthesizedStack;
  /** The stack whose resources this one references (artifacts before the guard stacks). */
  readonly after?: string;
  directory?: string;
  applyOutput?: string;
  planOutput?: string;
  stateAfterDestroy?: string;
}

// Terraform mostly waits on the provider's waiters (a Lambda function about 15 s, an SQS queue
// policy about 25 s): more resources at once shorten the apply, at little CPU.
const parallelism = '-parallelism=20';

describe('every stack shape applied to a local AWS emulator with real terraform', () => {
  let server: MotoServer;
  const terraform = new TerraformRunner();
  const runs: StackRun[] = [];

  beforeAll(async () => {
    server = await MotoServer.start();
    // Two regions, two accounts: the artifacts stacks of both regions, the home and a non-home
    // region stack of security-tooling, and a stack of the second account.
    const organization = synthesizeConfigFile('examples/organization.yaml', {
      accounts: ['security-tooling', 'production'],
      regions: ['us-east-1', 'eu-west-1'],
    });
    const wanted = ['artifacts-us-east-1', 'artifacts-eu-west-1', 'security-tooling-us-east-1', 'security-tooling-eu-west-1', 'production-eu-west-1'];
    for (const name of wanted) {
      const stack = organization.find((candidate) => candidate.name === name);
      if (!stack) throw new Error(`organization.yaml synthesized no stack ${name}`);
      const region = name.split('-').slice(-3).join('-');
      runs.push({ stack, after: name.startsWith('artifacts-') ? undefined : `artifacts-${region}` });
    }

    const problems: string[] = [];
    const collect = (results: PromiseSettledResult<unknown>[]) => {
      for (const result of results) if (result.status === 'rejected') problems.push(String(result.reason));
    };
    const applied = new Map<string, Promise<void>>();
    const apply = async (run: StackRun) => {
      if (run.after) await applied.get(run.after);
      const copy = emulatorCopyOfStack(run.stack.directory, server.endpoint);
      run.directory = copy.directory;
      await terraform.init(copy.directory);
      run.applyOutput = (await terraform.run(['apply', '-auto-approve', '-input=false', parallelism], copy.directory)).output;
    };
    for (const run of runs) applied.set(run.stack.name, apply(run));
    // Every apply has ended (none still holds its state lock) before anything else runs.
    collect(await Promise.allSettled(applied.values()));
    if (problems.length === 0) {
      // Every stack is applied; each re-plans with the others still there.
      collect(
        await Promise.allSettled(
          runs.map(async (run) => {
            run.planOutput = (await terraform.run(['plan', '-detailed-exitcode', '-input=false', parallelism], run.directory!)).output;
          }),
        ),
      );
    }
    // Guard stacks first, then the artifacts stacks they take code from.
    const destroy = async (run: StackRun) => {
      if (!run.directory) return;
      await terraform.run(['destroy', '-auto-approve', '-input=false', parallelism], run.directory);
      run.stateAfterDestroy = (await terraform.run(['state', 'list'], run.directory)).output;
    };
    collect(await Promise.allSettled(runs.filter((run) => !run.stack.name.startsWith('artifacts-')).map(destroy)));
    collect(await Promise.allSettled(runs.filter((run) => run.stack.name.startsWith('artifacts-')).map(destroy)));
    if (problems.length > 0) throw new Error(problems.join('\n\n'));
  }, terraformTestTimeoutMs);

  afterAll(() => server?.stop());

  it('covers the organization stacks the issue names', () => {
    expect(runs.map((run) => run.stack.name)).toEqual([
      'artifacts-us-east-1',
      'artifacts-eu-west-1',
      'security-tooling-us-east-1',
      'security-tooling-eu-west-1',
      'production-eu-west-1',
    ]);
  });

  it('applies every stack', () => {
    for (const run of runs) expect(run.applyOutput).toMatch(/Apply complete! Resources: [1-9]\d* added, 0 changed, 0 destroyed\./);
  });

  it('re-plans every applied stack to no changes (plan -detailed-exitcode exits 0)', () => {
    for (const run of runs) expect(run.planOutput).toContain('No changes.');
  });

  it('destroys every stack to an empty state', () => {
    for (const run of runs) expect(run.stateAfterDestroy?.trim()).toBe('');
  });
});
