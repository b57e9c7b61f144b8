import { SynthesizedStack, synthesizeConfigFile } from '../helpers/synth';
import { TerraformRunner, initLockFileWarning, offlineCopyOfStack } from '../helpers/terraform';

// Real Terraform and the real AWS provider (from the machine's filesystem mirror, no network)
// accept what the default example synthesizes: init, validate, and an offline plan.
describe('examples/single-account.yaml under real terraform', () => {
  let stacks: SynthesizedStack[];
  let terraform: TerraformRunner;

  beforeAll(() => {
    stacks = synthesizeConfigFile('examples/single-account.yaml');
    terraform = new TerraformRunner();
  });

  it('synthesizes one stack holding the quarantine guard', () => {
    expect(stacks.map((stack) => stack.name)).toEqual(['sandbox-us-east-1']);
    const functions = Object.values(stacks[0].json.resource.aws_lambda_function ?? {});
    expect(functions.map((fn) => fn.function_name)).toContain('guards-instance-quarantine');
  });

  it('passes terraform init, validate and an offline plan without errors or warnings', () => {
    for (const stack of stacks) {
      const directory = offlineCopyOfStack(stack.directory);
      terraform.run(['init', '-input=false'], directory, [initLockFileWarning]);
      const validate = terraform.run(['validate'], directory);
      expect(validate.output).toContain('The configuration is valid');
      const plan = terraform.run(['plan', '-input=false', '-lock=false', '-refresh=false'], directory);
      const resourceCount = Object.values(stack.json.resource).reduce((sum, byId) => sum + Object.keys(byId).length, 0);
      expect(plan.output).toContain(`Plan: ${resourceCount} to add, 0 to change, 0 to destroy.`);
    }
  });
});
