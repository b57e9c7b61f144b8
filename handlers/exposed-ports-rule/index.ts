import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { guardLogger } from '../common/logger';
import { configRuleClients } from '../config-rule/member-clients';
import { GuardHandler } from '../common/guard-handler';
import { IgnoredRun, configRuleHandler } from '../config-rule/run-rule';
import { RuleRunSummary } from '../config-rule/run-summary';
import { evaluateChange, evaluateEveryGroup } from './evaluate';
import { parseForbiddenPortsPolicy } from './contract';

// Created once per execution environment, reused by every invocation.
const logger = guardLogger('exposed-ports-rule');
// Standalone: the function's own clients, made once. Hub: a member's, made per invocation.
const clientsFor = configRuleClients('exposed-ports-rule', (credentials) => ({
  config: new ConfigServiceClient(credentials ? { credentials } : {}),
  ec2: new EC2Client(credentials ? { credentials } : {}),
}));

/**
 * AWS Config rule: a security group, or an instance through the groups of its network
 * interfaces, is NON_COMPLIANT when `0.0.0.0/0` or `::/0` reaches a forbidden port over TCP, UDP
 * or all protocols. Change notifications evaluate one resource; the periodic run every group of
 * the region. Results go to Config under the invocation's result token. In hub mode (organization
 * rule) everything happens in the member account the invocation names, through its read-only role.
 */
export const handler: GuardHandler<RuleRunSummary | IgnoredRun> = configRuleHandler({
  logger,
  clients: clientsFor,
  parsePolicy: parseForbiddenPortsPolicy,
  evaluate: async (invocation, policy, { config, ec2 }) =>
    invocation.kind === 'scheduled'
      ? evaluateEveryGroup(ec2, policy, invocation.notificationTime)
      : [await evaluateChange(invocation, policy, { config, ec2 })],
});
