import { SynthesizedStack, resourceCount, synthesizeConfigFile } from '../helpers/synth';
import { TerraformRunner, inParallel } from '../helpers/terraform';

/**
 * Every hub and spoke stack of examples/organization.yaml passes terraform init, validate and an
 * offline plan. Stacks of one shape (same resources, other account or region) differ only in
 * names and ARNs, so one of each shape is planned to keep the suite fast on two cores.
 */
describe('examples/organization.yaml (hub mode) under terraform', () => {
  let stacks: SynthesizedStack[];

  beforeAll(() => {
    stacks = synthesizeConfigFile('examples/organization.yaml');
  });

  /** The resource types and how many of each: what makes two stacks the same shape. */
  function shape(stack: SynthesizedStack): string {
    return JSON.stringify(
      Object.entries(stack.json.resource)
        .map(([type, byId]) => [type, Object.keys(byId).sort()])
        .sort(),
    );
  }

  it('covers every distinct hub and spoke shape with init, validate and an offline plan', async () => {
    const byShape = new Map<string, SynthesizedStack>();
    for (const stack of stacks.filter((candidate) => !candidate.name.startsWith('artifacts-'))) {
      if (!byShape.has(shape(stack))) byShape.set(shape(stack), stack);
    }
    const representatives = [...byShape.values()];
    // Hub home (with both organization Config rules), hub elsewhere (exposed-ports rule), spoke home and
    // elsewhere with and without an alarmed instance, and staging's home (no inactive-user read-only role).
    expect(representatives.map((stack) => stack.name).sort()).toEqual(
      [
        'hub-eu-west-1',
        'hub-us-east-1',
        'production-eu-west-1',
        'production-us-east-1',
        'security-tooling-eu-west-1',
        'security-tooling-us-east-1',
        'staging-us-east-1',
      ].sort(),
    );
    const terraform = new TerraformRunner();
    const plans = await inParallel(representatives, 2, (stack) => terraform.initValidatePlan(stack.directory));
    plans.forEach((plan, index) => {
      expect([representatives[index].name, plan.match(/Plan: .*/)?.[0]]).toEqual([
        representatives[index].name,
        `Plan: ${resourceCount(representatives[index])} to add, 0 to change, 0 to destroy.`,
      ]);
    });
  }, 600_000);
});
