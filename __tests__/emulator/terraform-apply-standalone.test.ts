import { ExampleRun, applyReplanDestroy } from '../helpers/emulator-apply';
import { TerraformRunner, terraformTestTimeoutMs } from '../helpers/terraform';

/**
 * Standalone mode (examples/multi-account-standalone.yaml) applied to a local AWS emulator with
 * real terraform: every guard whole in the home-region and a non-home-region stack of one account,
 * a second account's stack, and the artifacts of both regions; apply, re-plan with no changes,
 * destroy to an empty state (helpers/emulator-apply.ts).
 *
 * examples/single-account.yaml's only stack (sandbox-us-east-1) goes through the same cycle in
 * cdktf-deploy.test.ts, by the cdktf CLI (deploy, re-plan with no changes, destroy): applying its
 * resources twice would double the slowest part of the test run.
 */
const example: ExampleRun = {
  configFile: 'examples/multi-account-standalone.yaml',
  stackNames: ['artifacts-us-east-1', 'artifacts-eu-west-1', 'security-tooling-us-east-1', 'security-tooling-eu-west-1', 'production-eu-west-1'],
  runs: [],
};

describe('examples/multi-account-standalone.yaml applied to a local AWS emulator with real terraform', () => {
  beforeAll(async () => {
    const problems = await applyReplanDestroy(example, new TerraformRunner());
    if (problems.length > 0) throw new Error(problems.join('\n\n'));
  }, terraformTestTimeoutMs);

  it('applies the stacks in the order cdktf deploy follows', () => {
    expect(example.runs.map((run) => run.stack.name)).toEqual(example.stackNames);
    for (const run of example.runs) expect(run.applyOutput).toMatch(/Apply complete! Resources: [1-9]\d* added, 0 changed, 0 destroyed\./);
  });

  it('re-plans every applied stack to no changes (plan -detailed-exitcode exits 0)', () => {
    for (const run of example.runs) expect(run.planOutput).toContain('No changes.');
  });

  it('destroys every stack to an empty state', () => {
    for (const run of example.runs) expect(run.stateAfterDestroy?.trim()).toBe('');
  });
});
