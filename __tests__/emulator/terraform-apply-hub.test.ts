import { ExampleRun, describeApplyCycle } from '../helpers/emulator-apply';

/**
 * Hub mode (examples/organization.yaml) applied to a local AWS emulator with real terraform: the
 * hub's stacks in both regions, a member account's home and other region, a second member account,
 * and the artifacts of both regions; apply, re-plan with no changes, destroy to an empty state
 * (helpers/emulator-apply.ts). Standalone mode is terraform-apply-standalone.test.ts: a suite of
 * its own, so that jest runs the two on separate workers.
 */
const example: ExampleRun = {
  configFile: 'examples/organization.yaml',
  stackNames: [
    'artifacts-us-east-1',
    'artifacts-eu-west-1',
    'hub-us-east-1',
    'hub-eu-west-1',
    'security-tooling-us-east-1',
    'security-tooling-eu-west-1',
    'production-eu-west-1',
  ],
  // The longest chain of terraform commands in `npm test`: its commands run first (helpers/terraform.ts).
  priority: 'critical-path',
  runs: [],
};

describeApplyCycle('examples/organization.yaml (hub mode) applied to a local AWS emulator with real terraform', example, () => {
  it("applies a hub stack after its region's artifacts, and a member's stacks after the hub", () => {
    const after = (name: string) => example.runs.find((run) => run.stack.name === name)?.after;
    expect(after('hub-eu-west-1')).toContain('artifacts-eu-west-1');
    expect(after('security-tooling-us-east-1')).toEqual(expect.arrayContaining(['hub-us-east-1', 'hub-eu-west-1']));
    expect(after('security-tooling-eu-west-1')).toEqual(expect.arrayContaining(['hub-eu-west-1', 'security-tooling-us-east-1']));
  });
});
