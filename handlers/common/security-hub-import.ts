/**
 * Imports a guard's finding into Security Hub where findings are on (SECURITY_HUB_PRODUCT_ARN set):
 * one BatchImportFindings call. A refused finding throws, naming it: the invocation fails and is
 * retried, as for a publish that fails.
 */
import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { readEnvironment } from './contract';
import { securityHubProductArnVariable } from './security-hub-contract';
import { GuardFinding, asffFinding } from './security-hub-finding';
import { partitionOfArn, processEnvironment } from './contract';
import { readOwnMemberAccountSettings } from './member-directory';

let client: SecurityHubClient | undefined;
/** The client (created once); tests and the emulator pass their own. */
export function securityHubClient(): SecurityHubClient {
  client ??= new SecurityHubClient({ maxAttempts: 5 });
  return client;
}

/** The product ARN where findings are on, else undefined. */
export function securityHubProduct(env: NodeJS.ProcessEnv = processEnvironment()): string | undefined {
  return readEnvironment({ productArn: securityHubProductArnVariable }, env).productArn;
}

/** BatchImportFindings takes at most 100 findings a call. */
const maxFindingsPerCall = 100;

/** Imports `findings` (in calls of 100); their ids, or none where findings are off. */
export async function importFindings(findings: readonly GuardFinding[], securityHub: SecurityHubClient = securityHubClient()): Promise<string[]> {
  const productArn = securityHubProduct();
  if (!productArn || findings.length === 0) return [];
  // Hub mode: the members' names, from the hub's member directory (none standalone).
  const accounts = (await readOwnMemberAccountSettings(partitionOfArn(productArn))).directory?.accounts;
  const asff = findings.map((finding) => asffFinding(finding, productArn, accounts?.get(finding.accountId)?.name));
  for (let start = 0; start < asff.length; start += maxFindingsPerCall) {
    const batch = asff.slice(start, start + maxFindingsPerCall);
    const result = await securityHub.send(new BatchImportFindingsCommand({ Findings: batch }));
    const failed = result.FailedFindings ?? [];
    if ((result.FailedCount ?? 0) > 0 || failed.length > 0) {
      throw new Error(`Security Hub refused ${failed.map((each) => `finding ${each.Id}: ${each.ErrorCode} ${each.ErrorMessage}`).join('; ') || 'findings'}`);
    }
  }
  return asff.map((finding) => finding.Id as string);
}

/** Imports one finding; its id, or undefined where findings are off. */
export async function importFinding(finding: GuardFinding, securityHub: SecurityHubClient = securityHubClient()): Promise<string | undefined> {
  return (await importFindings([finding], securityHub))[0];
}
