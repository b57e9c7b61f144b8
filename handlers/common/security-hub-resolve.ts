/**
 * Marks guards' findings RESOLVED: the release undid a quarantine on approval, or a Config rule
 * found the resource compliant again. Workflow is the one field BatchImportFindings cannot change
 * after creation, so this is BatchUpdateFindings
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html), after the
 * import of the resolved state (archived, compliance passed).
 */
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GuardFinding, findingId } from './security-hub-finding';
import { importFindings, securityHubClient, securityHubProduct } from './security-hub-import';

/** BatchUpdateFindings takes at most 100 findings a call. */
const maxFindingsPerUpdate = 100;

/** Imports each finding resolved, then sets their workflow status RESOLVED with `note`; their ids, or none where findings are off. */
export async function resolveFindings(
  findings: readonly GuardFinding[],
  note: string,
  updatedBy: string,
  securityHub: SecurityHubClient = securityHubClient(),
): Promise<string[]> {
  const ids = await importFindings(
    findings.map((finding) => ({ ...finding, state: 'resolved' as const })),
    securityHub,
  );
  const productArn = securityHubProduct();
  if (ids.length === 0 || !productArn) return [];
  for (let start = 0; start < findings.length; start += maxFindingsPerUpdate) {
    const batch = findings.slice(start, start + maxFindingsPerUpdate);
    const result = await securityHub.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: batch.map((finding) => ({ Id: findingId(finding, productArn), ProductArn: productArn })),
        Workflow: { Status: 'RESOLVED' },
        Note: { Text: note, UpdatedBy: updatedBy },
      }),
    );
    const unprocessed = result.UnprocessedFindings?.[0];
    if (unprocessed) {
      const id = unprocessed.FindingIdentifier?.Id ?? batch.map((finding) => findingId(finding, productArn)).join(', ');
      throw new Error(`Security Hub did not resolve finding ${id}: ${unprocessed.ErrorCode ?? ''} ${unprocessed.ErrorMessage ?? ''}`.trim());
    }
  }
  return ids;
}

/** The release: imports the resolved finding (archived, passed), then sets its workflow status RESOLVED. */
export async function resolveFinding(finding: GuardFinding, securityHub: SecurityHubClient = securityHubClient()): Promise<string | undefined> {
  return (await resolveFindings([finding], `Released by the ${finding.guard} guard on approval`, finding.guard, securityHub))[0];
}
