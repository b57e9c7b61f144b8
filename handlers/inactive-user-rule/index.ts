import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { guardLogger } from '../common/logger';
import { configRuleClients } from '../config-rule/member-clients';
import { GuardHandler } from '../common/guard-handler';
import { IgnoredRun, configRuleHandler } from '../config-rule/run-rule';
import { RuleRunSummary } from '../config-rule/run-summary';
import { evaluateEveryUser, evaluateUserChange } from './evaluate';
import { parseInactivityPolicy } from './contract';

// Created once per execution environment, reused by every invocation.
const logger = guardLogger('inactive-user-rule');
// Standalone: the function's own clients, made once. Hub: a member's, made per invocation.
const clientsFor = configRuleClients('inactive-user-rule', (credentials) => ({
  config: new ConfigServiceClient(credentials ? { credentials } : {}),
  iam: new IAMClient(credentials ? { credentials } : {}),
}));

/**
 * AWS Config rule: an IAM user is NON_COMPLIANT when neither its password nor any access key was
 * used for more than `maxInactiveDays`. A change notification evaluates one user from IAM
 * directly; the periodic run every user of the account from one credential report. Results go to
 * Config under the invocation's result token. In hub mode (organization rule) everything happens
 * in the member account the invocation names, through its read-only role.
 */
export const handler: GuardHandler<RuleRunSummary | IgnoredRun> = configRuleHandler({
  logger,
  clients: clientsFor,
  parsePolicy: parseInactivityPolicy,
  evaluate: async (invocation, policy, clients) => {
    const now = new Date();
    return invocation.kind === 'scheduled'
      ? evaluateEveryUser(invocation.ruleName, policy, clients, now, invocation.notificationTime)
      : [await evaluateUserChange(invocation, policy, clients, now)];
  },
});
