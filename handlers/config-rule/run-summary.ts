import { ConfigRuleInvocation } from './config-event';
import { ComplianceType, ResourceEvaluation } from './verdict';

/** What one invocation reported, for the log and for tests. */
export interface RuleRunSummary {
  readonly ruleName: string;
  readonly trigger: ConfigRuleInvocation['kind'];
  readonly evaluations: number;
  readonly byCompliance: Readonly<Record<ComplianceType, number>>;
  readonly putEvaluationsCalls: number;
  /** The first NON_COMPLIANT annotations, so that the log shows what was found. */
  readonly nonCompliant: readonly string[];
}

export function summarize(invocation: ConfigRuleInvocation, evaluations: readonly ResourceEvaluation[], putEvaluationsCalls: number): RuleRunSummary {
  const byCompliance: Record<ComplianceType, number> = { COMPLIANT: 0, NON_COMPLIANT: 0, NOT_APPLICABLE: 0 };
  evaluations.forEach((evaluation) => {
    byCompliance[evaluation.compliance] += 1;
  });
  return {
    ruleName: invocation.ruleName,
    trigger: invocation.kind,
    evaluations: evaluations.length,
    byCompliance,
    putEvaluationsCalls,
    nonCompliant: evaluations
      .filter((evaluation) => evaluation.compliance === 'NON_COMPLIANT')
      .slice(0, 20)
      .map((evaluation) => evaluation.annotation),
  };
}
