import { ExampleRun, describeApplyCycle } from '../helpers/emulator-apply';

/**
 * Standalone mode (examples/multi-account-standalone.yaml) applied to a local AWS emulator with
 * real terraform: every guard whole in the home-region and a non-home-region stack of one account
 * (side by side on one server: the account-global IAM names must differ per region), and the
 * artifacts of both regions; apply, re-plan with no changes, destroy to an empty state
 * (helpers/emulator-apply.ts).
 *
 * Applied elsewhere, so not here (each applied stack costs about 30 CPU-seconds of terraform and
 * the run is bound by CPU): a second account's standalone stack (production-eu-west-1, after its
 * artifacts) and examples/single-account.yaml's only stack go through the same cycle in
 * cdktf-deploy.test.ts, by the cdktf CLI; a second account beside the first on one server is
 * terraform-apply-hub.test.ts's production-eu-west-1.
 */
const example: ExampleRun = {
  configFile: 'examples/multi-account-standalone.yaml',
  stackNames: ['artifacts-us-east-1', 'artifacts-eu-west-1', 'security-tooling-us-east-1', 'security-tooling-eu-west-1'],
  priority: 'background',
  runs: [],
};

describeApplyCycle('examples/multi-account-standalone.yaml applied to a local AWS emulator with real terraform', example);
