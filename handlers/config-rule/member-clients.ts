/**
 * Hub mode (AWS Config organization rules): the hub's function evaluates the resources of the
 * member account named by the invocation, and reports under the invocation's result token, both
 * through that member's read-only role. AWS documents this shape for a rule whose function lives
 * in another account: the function assumes a role in the account that owns the rule and calls
 * `PutEvaluations` with that role's credentials, since the result token belongs to the member's
 * rule ("How to Centrally Manage AWS Config Rules across Multiple AWS Accounts", AWS DevOps Blog,
 * https://aws.amazon.com/blogs/devops/how-to-centrally-manage-aws-config-rules-across-multiple-aws-accounts/,
 * steps 3-5). Standalone (no role name in the environment): the function's own credentials.
 */
import { STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { partitionOfArn, readEnvironment, requireEnv } from '../common/contract';
import { MemberAccounts, readOwnMemberAccountSettings } from '../common/member-accounts';
import { configRuleEnvironment } from './contract';
import { InvalidConfigEventError } from './config-rule-errors';
import { ConfigRuleInvocation } from './config-event';

/** Makes the clients a rule evaluates and reports with; undefined credentials: the function's own. */
export type ClientsBuilder<Clients> = (credentials: AwsCredentialIdentity | undefined) => Clients;

/**
 * The clients of one invocation. Standalone: built once and reused. Hub: the member's role is
 * assumed for the invocation's account (refused when the hub does not serve it), in the function's
 * own region (an organization rule invokes a function of its region).
 */
export function configRuleClients<Clients>(guardName: string, build: ClientsBuilder<Clients>): (invocation: ConfigRuleInvocation) => Promise<Clients> {
  let own: Clients | undefined;
  let sts: STSClient | undefined;
  return async (invocation) => {
    // The hub's partition, from the ARN of its alert topic (set on every hub function).
    // Only the topic: the evaluation itself needs nothing else from the environment.
    const { alertTopicArn } = readEnvironment({ alertTopicArn: configRuleEnvironment.alertTopicArn });
    const partition = partitionOfArn(alertTopicArn ?? '');
    const settings = await readOwnMemberAccountSettings(partition);
    if (!settings.remoteRoleName) return (own ??= build(undefined));
    if (!invocation.accountId) {
      throw new InvalidConfigEventError('event.accountId is missing: an organization rule invocation names the member account it evaluates');
    }
    const region = requireEnv('AWS_REGION');
    // A fresh cache per invocation: credentials are never reused by a later invocation.
    const members = new MemberAccounts((sts ??= new STSClient({})), settings, guardName);
    const credentials = await members.credentialsFor({ accountId: invocation.accountId, region }, invocation.kind);
    return build(credentials);
  };
}
