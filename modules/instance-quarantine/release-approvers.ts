/**
 * Checks `releaseApprovers` against where the state table is: an approver writes the table with
 * its own identity policy (the table's policy only denies), which works in the table's account
 * only; and a guard role may never be one (it could approve its own release). Throws one error
 * that names the guard, the field and every bad entry.
 */
export function checkReleaseApprovers(guardName: string, approvers: readonly string[], tableAccountId: string, guardRoleArns: readonly string[]): void {
  const problems = approvers.flatMap((arn, index) => {
    const accountId = arn.split(':')[4];
    if (accountId !== tableAccountId) {
      return [
        `${guardName}: releaseApprovers[${index}]: ${arn} is in account ${accountId}; approvers must be roles or users of account ${tableAccountId}, which holds the state table`,
      ];
    }
    if (guardRoleArns.includes(arn))
      return [`${guardName}: releaseApprovers[${index}]: ${arn} is a role of the guard itself; a guard may never approve its own release`];
    return [];
  });
  if (problems.length > 0) throw new Error(problems.join('\n'));
}
