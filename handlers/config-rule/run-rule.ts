import type { Logger } from '@aws-lambda-powertools/logger';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { describeAwsError as describe } from '../common/aws-errors';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { ConfigRuleInvocation, parseConfigRuleEvent } from './config-event';
import { foreignInvocationProblem } from './invocation-origin';
import { putEvaluations } from './put-evaluations';
import { RuleRunSummary, summarize } from './run-summary';
import { ResourceEvaluation } from './verdict';
import { importFindings, securityHubProduct } from '../common/security-hub-import';
import { nonComplianceFindings } from './non-compliance-findings';
import { resolveCompliantFindings } from './resolve-compliant-findings';

/** What an invocation of a message type the rule does not evaluate returns. */
export interface IgnoredRun {
  readonly ruleName: string;
  /** ignored: a message type the rule does not evaluate; dropped: an invocation not from a served member's rule. */
  readonly trigger: 'ignored' | 'dropped';
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

/** A Config rule event as the rule's input: the invocation with its parsed parameters, or a message it does not evaluate. */
type RuleInput<Policy> =
  | { readonly kind: 'ignored'; readonly ruleName: string; readonly messageType: string }
  | { readonly kind: 'evaluate'; readonly invocation: ConfigRuleInvocation; readonly policy: Policy };

/**
 * The handler of a custom Config rule (the common guard shape, guard-handler.ts): reads the event
 * and the rule's parameters (an invalid one is logged and thrown, so that Lambda retries and then
 * keeps it in the failure queue), evaluates, reports every evaluation under the result token, and
 * logs what it reported.
 */
export function configRuleHandler<Policy, Clients extends { readonly config: ConfigServiceClient }>(
  rule: ConfigRuleDefinition<Policy, Clients>,
): GuardHandler<RuleRunSummary | IgnoredRun> {
  return guardHandler({
    logger: rule.logger,
    // Nothing from the environment before the event: the member's clients come with the invocation.
    settings: () => undefined,
    parse: (event): RuleInput<Policy> => {
      const parsed = parseConfigRuleEvent(event);
      if (parsed.kind === 'ignored') return { kind: 'ignored', ruleName: parsed.ruleName, messageType: parsed.messageType };
      return { kind: 'evaluate', invocation: parsed, policy: rule.parsePolicy(parsed.ruleParameters) };
    },
    handle: async (input) => {
      if (input.kind === 'ignored') {
        // One log line, no evaluation, no failure: retrying would never make the rule handle it.
        rule.logger.info('message type not evaluated by this rule: ignored', { ruleName: input.ruleName, messageType: input.messageType });
        return { ruleName: input.ruleName, trigger: 'ignored', messageType: input.messageType, evaluations: 0 };
      }
      const { invocation, policy } = input;
      const foreign = await foreignInvocationProblem(invocation);
      if (foreign) {
        // Dropped, not thrown: a foreign account's invocations must not fill the failure queue and keep its alarm in ALARM.
        rule.logger.warn('invocation not from a served member rule: dropped', {
          ruleName: invocation.ruleName,
          accountId: invocation.accountId,
          problem: foreign,
        });
        return { ruleName: invocation.ruleName, trigger: 'dropped', messageType: invocation.kind, evaluations: 0 };
      }
      let clients: Clients;
      try {
        clients = await rule.clients(invocation);
      } catch (error) {
        // Thrown on, like a bad event: Lambda retries, then keeps it in the failure queue, whose alarm alerts.
        rule.logger.error('cannot act in the account of the invocation', {
          ruleName: invocation.ruleName,
          accountId: invocation.accountId,
          problem: describe(error),
        });
        throw error;
      }
      const evaluations = await rule.evaluate(invocation, policy, clients);
      const calls = await putEvaluations(clients.config, invocation.resultToken, evaluations);
      // Where findings are on, each non-compliant resource is also one (after Config has the result),
      // and the open finding of a resource compliant again is resolved.
      if (securityHubProduct()) {
        await importFindings(nonComplianceFindings(invocation, evaluations));
        await resolveCompliantFindings(invocation, evaluations);
      }
      const summary = summarize(invocation, evaluations, calls);
      rule.logger.info('evaluations reported', { ...summary });
      return summary;
    },
  });
}
