/**
 * Who may invoke an organization Config rule's function: `config.amazonaws.com`, scoped by
 * `aws:SourceAccount` to each served member (Config invokes it from the member's copy of the rule,
 * https://docs.aws.amazon.com/config/latest/developerguide/evaluate-config_develop-rules_nodejs.html#restricted-lambda-policy).
 * A Lambda permission takes one source account and no organization key for a service principal,
 * so the scoping costs one statement per member, and a function's resource-based policy holds at
 * most 20 KB (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). Pure.
 */

/** Lambda's limit on one function's resource-based policy, in bytes. */
export const lambdaFunctionPolicyMaxBytes = 20 * 1024;

/** The statement id of one member's permission. */
export const configInvokeStatementId = (accountId: string): string => `config-rule-of-${accountId}`;

/** The statement as Lambda stores it for `AddPermission` with a source account (its longest form). */
function storedStatement(functionArn: string, accountId: string): string {
  return JSON.stringify({
    Sid: configInvokeStatementId(accountId),
    Effect: 'Allow',
    Principal: { Service: 'config.amazonaws.com' },
    Action: 'lambda:InvokeFunction',
    Resource: functionArn,
    Condition: { StringEquals: { 'AWS:SourceAccount': accountId } },
  });
}

/** The policy Lambda builds of one statement per member: its size in bytes. */
export function scopedConfigInvokePolicyBytes(functionArn: string, accountIds: readonly string[]): number {
  const statements = accountIds.map((accountId) => storedStatement(functionArn, accountId));
  return Buffer.byteLength(`{"Version":"2012-10-17","Id":"default","Statement":[${statements.join(',')}]}`);
}

/**
 * The members whose permission is scoped to their account, or `undefined` when one statement each
 * would pass Lambda's limit: then the function keeps one unscoped permission and drops, without
 * failing, every invocation whose rule ARN is not a served member's (handlers/config-rule/invocation-origin.ts).
 */
export function scopedConfigInvokers(functionArn: string, accountIds: readonly string[]): readonly string[] | undefined {
  return scopedConfigInvokePolicyBytes(functionArn, accountIds) <= lambdaFunctionPolicyMaxBytes ? accountIds : undefined;
}
