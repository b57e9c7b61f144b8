import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { chatbotRegionFor } from '../common/chatbot-regions';
import { GuardsConfig, GuardsConfigAccount } from '../config/guards-config';
import { addAwsProvider } from './aws-provider';

/**
 * The provider a stack's chat channel configurations are created with: the stack's own where its
 * region runs the Chatbot API, otherwise the same account, role and tags in the Chatbot region
 * (alias `chatbot`). Undefined: use the stack's provider.
 */
export function chatbotProvider(stack: TerraformStack, config: GuardsConfig, account: GuardsConfigAccount, region: string): AwsProvider | undefined {
  const chatbotRegion = chatbotRegionFor(region);
  return chatbotRegion === region ? undefined : addAwsProvider(stack, config, account, chatbotRegion, 'chatbot');
}
