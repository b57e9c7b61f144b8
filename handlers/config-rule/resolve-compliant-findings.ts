/**
 * A Config rule's finding goes RESOLVED when its resource evaluates compliant again (or is gone).
 * Only findings that are open are touched: one GetFindings of the rule's active findings of this
 * account (paged), and of those only the ones whose resource this run found compliant are resolved
 * (security-hub-resolve.ts), so a periodic run over many compliant resources creates no finding
 * and rewrites none already resolved.
 */
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { findingId } from '../common/security-hub-finding';
import { securityHubClient, securityHubProduct } from '../common/security-hub-import';
import { resolveFindings } from '../common/security-hub-resolve';
import type { ConfigRuleInvocation } from './config-event';
import { complianceFindings } from './non-compliance-findings';
import type { ResourceEvaluation } from './verdict';

/** The ids of the findings resolved (none where findings are off or none was open). */
export async function resolveCompliantFindings(
  invocation: ConfigRuleInvocation,
  evaluations: readonly ResourceEvaluation[],
  securityHub: SecurityHubClient = securityHubClient(),
): Promise<string[]> {
  const productArn = securityHubProduct();
  if (!productArn) return [];
  const settled = complianceFindings(invocation, evaluations);
  if (settled.length === 0) return [];
  // Every finding of this guard about this account starts so (findingId with an empty resource).
  const prefix = findingId({ ...settled[0], resourceId: '' }, productArn);
  const open = new Set<string>();
  let nextToken: string | undefined;
  do {
    const page = await securityHub.send(
      new GetFindingsCommand({
        Filters: {
          ProductArn: [{ Value: productArn, Comparison: 'EQUALS' }],
          Id: [{ Value: prefix, Comparison: 'PREFIX' }],
          GeneratorId: [{ Value: invocation.ruleName, Comparison: 'EQUALS' }],
          RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
        },
        MaxResults: 100,
        NextToken: nextToken,
      }),
    );
    for (const finding of page.Findings ?? []) if (finding.Id) open.add(finding.Id);
    nextToken = page.NextToken;
  } while (nextToken);
  const toResolve = settled.filter((finding) => open.has(findingId(finding, productArn)));
  if (toResolve.length === 0) return [];
  return resolveFindings(toResolve, `Compliant again with ${invocation.ruleName}`, toResolve[0].guard, securityHub);
}
