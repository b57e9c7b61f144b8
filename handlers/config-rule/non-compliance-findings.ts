/**
 * The Security Hub findings of a Config rule's run: one per non-compliant resource, per (rule's
 * guard, resource), so each periodic run updates the same finding. Pure but for the environment
 * (the guard's name and the function's region).
 */
import { readEnvironment, serviceNameVariable } from '../common/contract';
import type { GuardFinding } from '../common/security-hub-finding';
import type { ConfigRuleInvocation } from './config-event';
import type { ResourceEvaluation } from './verdict';
import { processEnvironment } from '../common/contract';

// Config's resource types as ASFF names them (https://docs.aws.amazon.com/securityhub/latest/userguide/asff-resources.html).
const asffResourceType: Readonly<Record<string, string>> = {
  'AWS::EC2::SecurityGroup': 'AwsEc2SecurityGroup',
  'AWS::EC2::Instance': 'AwsEc2Instance',
  'AWS::IAM::User': 'AwsIamUser',
};

export function nonComplianceFindings(
  invocation: ConfigRuleInvocation,
  evaluations: readonly ResourceEvaluation[],
  env: NodeJS.ProcessEnv = processEnvironment(),
): GuardFinding[] {
  const nonCompliant = evaluations.filter((evaluation) => evaluation.compliance === 'NON_COMPLIANT');
  if (nonCompliant.length === 0) return [];
  const { guard } = readEnvironment({ guard: serviceNameVariable }, env);
  const region = env.AWS_REGION ?? '';
  return nonCompliant.map((evaluation) => ({
    guard,
    generator: invocation.ruleName,
    accountId: invocation.accountId ?? '',
    region,
    resourceType: asffResourceType[evaluation.resourceType] ?? 'Other',
    resourceId: evaluation.resourceId,
    severity: 'HIGH',
    title: `${evaluation.resourceType} ${evaluation.resourceId} is non-compliant with ${invocation.ruleName}`,
    description: evaluation.annotation,
    state: 'open',
    at: evaluation.orderingTimestamp.toISOString(),
  }));
}
