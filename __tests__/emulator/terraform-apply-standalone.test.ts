import { ExampleRun, describeApplyCycle } from '../helpers/emulator-apply';

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

describeApplyCycle('examples/multi-account-standalone.yaml applied to a local AWS emulator with real terraform', example);
