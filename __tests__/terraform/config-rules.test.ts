import { SynthesizedStack, resourceCount, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { TerraformRunner, terraformTestTimeoutMs } from '../helpers/terraform';

jest.setTimeout(terraformTestTimeoutMs);

// The Config rules with the recorder option on (the examples leave it off, as most accounts
// already record): the recorder, delivery channel, bucket and role must pass real terraform too.
describe('AWS Config rules with their own recorder under real terraform', () => {
  let stacks: SynthesizedStack[];

  beforeAll(() => {
    stacks = synthesizeConfigFile('__tests__/fixtures/config-rules/with-recorder.yaml');
  });

  it('puts the exposed-ports rule in every region and the inactive-user rule in the home region only, one recorder each', () => {
    const rulesOf = (name: string) =>
      Object.values(resourcesOfType(stacks.find((stack) => stack.name === name)!.json, 'aws_config_config_rule'))
        .map((rule) => rule.name)
        .sort();
    expect(rulesOf('fresh-us-east-1')).toEqual(['guards-exposed-ports', 'guards-inactive-users']);
    expect(rulesOf('fresh-eu-west-1')).toEqual(['guards-exposed-ports']);
    for (const stack of stacks) {
      const recorders = Object.values(resourcesOfType(stack.json, 'aws_config_configuration_recorder'));
      expect(recorders).toHaveLength(1);
      const recorded = (recorders[0].recording_group as { resource_types: string[] }).resource_types;
      expect(recorded.includes('AWS::IAM::User')).toBe(stack.name === 'fresh-us-east-1');
    }
  });

  it('passes terraform init, validate and an offline plan without errors or warnings', async () => {
    const terraform = new TerraformRunner();
    for (const stack of stacks) {
      const plan = await terraform.initValidatePlan(stack.directory);
      expect(plan).toContain(`Plan: ${resourceCount(stack)} to add, 0 to change, 0 to destroy.`);
    }
  });
});
