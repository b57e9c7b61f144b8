import { SynthesizedStack, resourceCount, synthesizeConfigFile } from '../helpers/synth';
import { TerraformRunner, terraformTestTimeoutMs } from '../helpers/terraform';

jest.setTimeout(terraformTestTimeoutMs);

// Real Terraform and the real AWS provider (from the machine's filesystem mirror, no network)
// accept what the default example synthesizes: init, validate, and an offline plan.
describe('examples/single-account.yaml under real terraform', () => {
  let stacks: SynthesizedStack[];

  beforeAll(() => {
    stacks = synthesizeConfigFile('examples/single-account.yaml');
  });

  it('synthesizes one stack holding the quarantine guard', () => {
    expect(stacks.map((stack) => stack.name)).toEqual(['sandbox-us-east-1']);
    const functions = Object.values(stacks[0].json.resource.aws_lambda_function ?? {});
    expect(functions.map((fn) => fn.function_name)).toContain('guards-instance-quarantine');
  });

  it('passes terraform init, validate and an offline plan without errors or warnings', async () => {
    const terraform = new TerraformRunner();
    for (const stack of stacks) {
      const plan = await terraform.initValidatePlan(stack.directory);
      expect(plan).toContain(`Plan: ${resourceCount(stack)} to add, 0 to change, 0 to destroy.`);
    }
  });
});
