/**
 * The Security Hub findings of a Config rule's run: one per resource, per (rule's guard, resource),
 * so each periodic run updates the same finding: open for a non-compliant resource, resolved for
 * one that evaluates compliant again (or is gone: not applicable). Pure but for the environment
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

/** The finding of one evaluation: open when non-compliant, resolved otherwise. */
function ruleFinding(invocation: ConfigRuleInvocation, evaluation: ResourceEvaluation, guard: string, region: string): GuardFinding {
  const open = evaluation.compliance === 'NON_COMPLIANT';
  return {
    guard,
    generator: invocation.ruleName,
    accountId: invocation.accountId ?? '',
    region,
    resourceType: asffResourceType[evaluation.resourceType] ?? 'Other',
    resourceId: evaluation.resourceId,
    severity: open ? 'HIGH' : 'INFORMATIONAL',
    title: open
      ? `${evaluation.resourceType} ${evaluation.resourceId} is non-compliant with ${invocation.ruleName}`
      : `${evaluation.resourceType} ${evaluation.resourceId} is compliant again with ${invocation.ruleName}`,
    description: evaluation.annotation,
    state: open ? 'open' : 'resolved',
    at: evaluation.orderingTimestamp.toISOString(),
  };
}

function guardAndRegion(env: NodeJS.ProcessEnv): { guard: string; region: string } {
  return { guard: readEnvironment({ guard: serviceNameVariable }, env).guard, region: env.AWS_REGION ?? '' };
}

export function nonComplianceFindings(
  invocation: ConfigRuleInvocation,
  evaluations: readonly ResourceEvaluation[],
  env: NodeJS.ProcessEnv = processEnvironment(),
): GuardFinding[] {
  const nonCompliant = evaluations.filter((evaluation) => evaluation.compliance === 'NON_COMPLIANT');
  if (nonCompliant.length === 0) return [];
  const { guard, region } = guardAndRegion(env);
  return nonCompliant.map((evaluation) => ruleFinding(invocation, evaluation, guard, region));
}

/** The findings a run would resolve: one per resource evaluated COMPLIANT or NOT_APPLICABLE (gone). */
export function complianceFindings(
  invocation: ConfigRuleInvocation,
  evaluations: readonly ResourceEvaluation[],
  env: NodeJS.ProcessEnv = processEnvironment(),
): GuardFinding[] {
  const settled = evaluations.filter((evaluation) => evaluation.compliance === 'COMPLIANT' || evaluation.compliance === 'NOT_APPLICABLE');
  if (settled.length === 0) return [];
  const { guard, region } = guardAndRegion(env);
  return settled.map((evaluation) => ruleFinding(invocation, evaluation, guard, region));
}
