import { SynthesizedStack, resourceCount, synthesizeConfigFile } from '../helpers/synth';
import { TerraformRunner, terraformTestTimeoutMs } from '../helpers/terraform';

jest.setTimeout(terraformTestTimeoutMs);

// The chat channels (Slack and Teams, priority and not) under the real provider: a stack in a
// region without the Chatbot API (us-east-1, through the chatbot provider alias) and one with it (eu-west-1).
// The emulator has no AWS Chatbot (modules/stacks/emulator-gaps.ts), so validate and an offline plan are the proof.
describe('chat channels under real terraform', () => {
  let stacks: SynthesizedStack[];

  beforeAll(() => {
    stacks = synthesizeConfigFile('__tests__/fixtures/alerts/chat.yaml');
  });

  it('pass terraform init, validate and an offline plan without errors or warnings', async () => {
    const terraform = new TerraformRunner();
    for (const stack of stacks) {
      const plan = await terraform.initValidatePlan(stack.directory);
      expect(plan).toContain(`Plan: ${resourceCount(stack)} to add, 0 to change, 0 to destroy.`);
      expect(plan).toContain('aws_chatbot_slack_channel_configuration');
      expect(plan).toContain('aws_chatbot_teams_channel_configuration');
    }
  });
});
