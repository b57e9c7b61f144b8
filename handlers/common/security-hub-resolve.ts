/**
 * Marks a guard's finding RESOLVED (the release undid the remediation on approval). Workflow is
 * the one field BatchImportFindings cannot change after creation, so this is BatchUpdateFindings
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html).
 */
import { BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { GuardFinding, findingId } from './security-hub-finding';
import { importFinding, securityHubClient, securityHubProduct } from './security-hub-import';

/** Imports the resolved finding (archived, passed), then sets its workflow status RESOLVED. */
export async function resolveFinding(finding: GuardFinding, securityHub: SecurityHubClient = securityHubClient()): Promise<string | undefined> {
  const id = await importFinding({ ...finding, state: 'resolved' }, securityHub);
  const productArn = securityHubProduct();
  if (!id || !productArn) return undefined;
  const result = await securityHub.send(
    new BatchUpdateFindingsCommand({
      FindingIdentifiers: [{ Id: findingId(finding.guard, finding.resourceId), ProductArn: productArn }],
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: `Released by the ${finding.guard} guard on approval`, UpdatedBy: finding.guard },
    }),
  );
  const unprocessed = result.UnprocessedFindings?.[0];
  if (unprocessed) throw new Error(`Security Hub did not resolve finding ${id}: ${unprocessed.ErrorCode ?? ''} ${unprocessed.ErrorMessage ?? ''}`.trim());
  return id;
}
