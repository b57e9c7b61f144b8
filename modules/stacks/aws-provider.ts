import { TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { GuardsConfig, GuardsConfigAccount } from '../config/guards-config';

/** Tag on every resource the guards create, so that anyone can tell what manages it. */
export const managedByTag = { ManagedBy: 'aws-security-guards' };

/**
 * The AWS provider of a stack: it can only ever act on the stack's account
 * (`allowed_account_ids`), assumes the account's role when one is configured, and tags everything.
 */
export function addAwsProvider(stack: TerraformStack, config: GuardsConfig, account: GuardsConfigAccount, region: string, alias?: string): AwsProvider {
  return new AwsProvider(stack, alias ? `aws-${alias}` : 'aws', {
    region,
    ...(alias ? { alias } : {}),
    allowedAccountIds: [account.id],
    ...(account.roleArn ? { assumeRole: [{ roleArn: account.roleArn, sessionName: `${config.name}-terraform` }] } : {}),
    defaultTags: [{ tags: { ...config.defaultTags, ...(account.tags ?? {}), ...managedByTag } }],
  });
}
