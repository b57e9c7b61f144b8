import { readEnvironment } from '../common/contract';
import { readMemberAccountEnvironment } from '../common/member-account-names';
import { loadMemberDirectory } from '../common/member-directory';
import { ConfigRuleInvocation } from './config-event';
import { configRuleEnvironment } from './contract';
import { processEnvironment } from '../common/contract';

/**
 * Hub mode: why an invocation is not from a served member's own rule, or undefined when it is.
 * The hub's rule functions can be invoked by `config.amazonaws.com` for any account's rule (a
 * Lambda permission for an organization rule can name no source account, issue 19), so the event
 * is checked: its rule's ARN must be in the account and region the event names, that account one
 * the hub serves, and the rule the guard's (its name as Config names an organization rule's copy
 * in a member: `OrgConfigRule-<name>-<suffix>`, or the name itself). Standalone: undefined (the
 * function's invoke permission names its own account's rules).
 */
export async function foreignInvocationProblem(invocation: ConfigRuleInvocation, env: NodeJS.ProcessEnv = processEnvironment()): Promise<string | undefined> {
  // Only what this check needs: the evaluation itself reads nothing else from the environment.
  const { ruleName: expectedRuleName } = readEnvironment({ ruleName: configRuleEnvironment.ruleName }, env);
  const members = readMemberAccountEnvironment(env);
  // Standalone; or no account named at all, which member-clients.ts refuses as a malformed event.
  if (!members.remoteRoleName || invocation.accountId === undefined) return undefined;
  const arn = /^arn:[\w-]+:config:([a-z0-9-]+):(\d{12}):config-rule\/[\w-]+$/.exec(invocation.configRuleArn ?? '');
  if (!arn) return `configRuleArn ${JSON.stringify(invocation.configRuleArn ?? null)} is not a Config rule ARN`;
  const [, region, ruleAccount] = arn;
  if (invocation.accountId !== ruleAccount)
    return `the rule ${invocation.configRuleArn} is in account ${ruleAccount}, the event names ${String(invocation.accountId)}`;
  if (region !== env.AWS_REGION) return `the rule ${invocation.configRuleArn} is in region ${region}, not the function's ${String(env.AWS_REGION)}`;
  // The directory is required in hub mode (readMemberAccountEnvironment); unreadable, the invocation fails.
  const directory = await loadMemberDirectory(members.directory!);
  if (!directory.accounts.has(ruleAccount)) return `account ${ruleAccount} is not one the hub serves`;
  if (expectedRuleName !== undefined && invocation.ruleName !== expectedRuleName && !invocation.ruleName.startsWith(`OrgConfigRule-${expectedRuleName}-`)) {
    return `rule ${invocation.ruleName} is not the guard's rule ${expectedRuleName}`;
  }
  return undefined;
}
