/**
 * Where the AWS Chatbot API runs: its channel configurations can only be created in these regions
 * (https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html; endpoints:
 * https://docs.aws.amazon.com/general/latest/gr/chatbot.html). A configuration subscribes to topics
 * of any region, so a stack elsewhere creates its channels through a provider of the first one,
 * US East (Ohio), where the Chatbot console is too.
 */
export const chatbotApiRegions = ['us-east-2', 'us-west-2', 'eu-west-1', 'ap-southeast-1'] as const;

/** The region a stack in `stackRegion` creates its channel configurations in. */
export function chatbotRegionFor(stackRegion: string): string {
  return (chatbotApiRegions as readonly string[]).includes(stackRegion) ? stackRegion : chatbotApiRegions[0];
}
