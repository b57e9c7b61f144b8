import { SynthesizedStack, oneStackPerShape, resourceCount, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { TerraformRunner, terraformTestTimeoutMs } from '../helpers/terraform';

jest.setTimeout(terraformTestTimeoutMs);

// The notification guards with the trail options the examples leave out (the examples have
// signin-alert create the trail): iam-change-alert creating it, and both guards reading an
// existing trail's log group. Real terraform must accept both.
describe('signin-alert, iam-change-alert and sg-change-alert trail options under real terraform', () => {
  let stacks: SynthesizedStack[];
  const stack = (name: string) => stacks.find((candidate) => candidate.name === name)!;
  const functionNames = (name: string) =>
    Object.values(resourcesOfType(stack(name).json, 'aws_lambda_function'))
      .map((fn) => fn.function_name)
      .sort();

  beforeAll(() => {
    stacks = synthesizeConfigFile('__tests__/fixtures/iam-change-alert/trail-options.yaml');
  });

  it('puts the sign-in and IAM alerts in home-region stacks only, and the security-group alert in every region', () => {
    expect(stacks.map((candidate) => candidate.name).sort()).toEqual(['builder-eu-west-1', 'builder-us-east-1', 'legacy-eu-west-1', 'legacy-us-east-1']);
    expect(functionNames('builder-us-east-1')).toEqual(['sec-iam-change-alert', 'sec-sg-change-alert', 'sec-signin-alert']);
    expect(functionNames('builder-eu-west-1')).toEqual(['sec-sg-change-alert']);
    expect(functionNames('legacy-eu-west-1')).toEqual(['sec-sg-change-alert']);
  });

  it('creates one trail where asked, read by both guards, and none where the log group exists', () => {
    const builder = stack('builder-us-east-1').json;
    expect(Object.values(resourcesOfType(builder, 'aws_cloudtrail'))).toHaveLength(1);
    expect(Object.values(resourcesOfType(builder, 'aws_cloudwatch_log_subscription_filter'))[0].log_group_name).toMatch(
      /^\$\{aws_cloudwatch_log_group\.cloudtrail-log-group_/,
    );
    const legacy = stack('legacy-us-east-1').json;
    expect(Object.values(resourcesOfType(legacy, 'aws_cloudtrail'))).toHaveLength(0);
    expect(Object.values(resourcesOfType(legacy, 'aws_cloudwatch_log_metric_filter'))[0].log_group_name).toBe('/org/cloudtrail');
  });

  it('passes terraform init, validate and an offline plan without errors or warnings (one stack of each shape)', async () => {
    const terraform = new TerraformRunner();
    // builder-eu-west-1 and legacy-eu-west-1 are one shape (the security-group alert alone).
    const shapes = oneStackPerShape(stacks);
    expect(shapes.map((synthesized) => synthesized.name).sort()).toEqual(['builder-eu-west-1', 'builder-us-east-1', 'legacy-us-east-1']);
    for (const synthesized of shapes) {
      const plan = await terraform.initValidatePlan(synthesized.directory);
      expect(plan).toContain(`Plan: ${resourceCount(synthesized)} to add, 0 to change, 0 to destroy.`);
    }
  });
});
