import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { guardLogger } from '../common/logger';
import { IgnoredRun, runConfigRule } from '../config-rule/run-rule';
import { RuleRunSummary } from '../config-rule/run-summary';
import { evaluateChange, evaluateEveryGroup } from './evaluate';
import { parseForbiddenPortsPolicy } from './rule-parameters';

// Created once per execution environment, reused by every invocation.
const logger = guardLogger('exposed-ports-rule');
const config = new ConfigServiceClient({});
const ec2 = new EC2Client({});

/**
 * AWS Config rule: a security group, or an instance through the groups of its network
 * interfaces, is NON_COMPLIANT when `0.0.0.0/0` or `::/0` reaches a forbidden port over TCP, UDP
 * or all protocols. Change notifications evaluate one resource; the periodic run every group of
 * the region. Results go to Config under the invocation's result token.
 */
export async function handler(event: unknown): Promise<RuleRunSummary | IgnoredRun> {
  return runConfigRule(event, {
    logger,
    config,
    parsePolicy: parseForbiddenPortsPolicy,
    evaluate: async (invocation, policy) =>
      invocation.kind === 'scheduled'
        ? evaluateEveryGroup(ec2, policy, invocation.notificationTime)
        : [await evaluateChange(invocation, policy, { config, ec2 })],
  });
}
