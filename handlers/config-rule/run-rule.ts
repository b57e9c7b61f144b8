import type { Logger } from '@aws-lambda-powertools/logger';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { describeAwsError as describe } from '../common/aws-errors';
import { InvalidEventError } from '../common/errors';
import { ConfigRuleInvocation, parseConfigRuleEvent } from './config-event';
import { putEvaluations } from './put-evaluations';
import { RuleRunSummary, summarize } from './run-summary';
import { ResourceEvaluation } from './verdict';

/** What an invocation of a message type the rule does not evaluate returns. */
export interface IgnoredRun {
  readonly ruleName: string;
  readonly trigger: 'ignored';
  readonly messageType: string;
  readonly evaluations: 0;
}

export interface ConfigRuleDefinition<Policy, Clients extends { readonly config: ConfigServiceClient }> {
  readonly logger: Logger;
  /** The clients of the invocation's account: the function's own, or a member's (hub mode, member-clients.ts). */
  readonly clients: (invocation: ConfigRuleInvocation) => Promise<Clients>;
  /** Reads the rule's parameters; throws an InvalidEventError subclass naming the bad one. */
  readonly parsePolicy: (ruleParameters: Readonly<Record<string, unknown>>) => Policy;
  readonly evaluate: (invocation: ConfigRuleInvocation, policy: Policy, clients: Clients) => Promise<ResourceEvaluation[]>;
}

/**
 * One invocation of a custom Config rule: reads the event and the rule's parameters (an invalid
 * one is logged and thrown, so that Lambda retries and then keeps it in the failure queue),
 * evaluates, reports every evaluation under the result token, and logs what it reported.
 */
export async function runConfigRule<Policy, Clients extends { readonly config: ConfigServiceClient }>(
  event: unknown,
  rule: ConfigRuleDefinition<Policy, Clients>,
): Promise<RuleRunSummary | IgnoredRun> {
  let invocation: ConfigRuleInvocation;
  let policy: Policy;
  try {
    const parsed = parseConfigRuleEvent(event);
    if (parsed.kind === 'ignored') {
      // One log line, no evaluation, no failure: retrying would never make the rule handle it.
      rule.logger.info('message type not evaluated by this rule: ignored', { ruleName: parsed.ruleName, messageType: parsed.messageType });
      return { ruleName: parsed.ruleName, trigger: 'ignored', messageType: parsed.messageType, evaluations: 0 };
    }
    invocation = parsed;
    policy = rule.parsePolicy(invocation.ruleParameters);
  } catch (error) {
    if (error instanceof InvalidEventError) rule.logger.error('invalid event', { eventKind: error.eventKind, problem: error.message });
    throw error;
  }
  let clients: Clients;
  try {
    clients = await rule.clients(invocation);
  } catch (error) {
    // Thrown on, like a bad event: Lambda retries, then keeps it in the failure queue, whose alarm alerts.
    rule.logger.error('cannot act in the account of the invocation', { ruleName: invocation.ruleName, accountId: invocation.accountId, problem: describe(error) });
    throw error;
  }
  const evaluations = await rule.evaluate(invocation, policy, clients);
  const calls = await putEvaluations(clients.config, invocation.resultToken, evaluations);
  const summary = summarize(invocation, evaluations, calls);
  rule.logger.info('evaluations reported', { ...summary });
  return summary;
}
