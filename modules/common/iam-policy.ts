/** One IAM policy statement, kept as plain data so tests can read what a role is granted. */
export interface PolicyStatement {
  /** Statement id: says why the permission exists. */
  readonly sid: string;
  readonly effect?: 'Allow' | 'Deny';
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  /** IAM condition block, e.g. `{ StringEquals: { 'aws:SourceAccount': '123456789012' } }`. */
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** A service principal that may call something, as used in key, topic and queue policies. */
export interface ServicePrincipalStatement extends PolicyStatement {
  readonly servicePrincipal: string;
}

function statementJson(statement: PolicyStatement, principal?: unknown): Record<string, unknown> {
  return {
    Sid: statement.sid,
    Effect: statement.effect ?? 'Allow',
    ...(principal === undefined ? {} : { Principal: principal }),
    Action: statement.actions.length === 1 ? statement.actions[0] : [...statement.actions],
    // Trust policies name no resource.
    ...(statement.resources.length === 0 ? {} : { Resource: statement.resources.length === 1 ? statement.resources[0] : [...statement.resources] }),
    ...(statement.conditions ? { Condition: statement.conditions } : {}),
  };
}

/** An identity policy (no principal) as JSON text. */
export function identityPolicyJson(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements.map((s) => statementJson(s)) });
}

/** A resource policy whose statements name their principal. */
export function resourcePolicyJson(statements: readonly (PolicyStatement & { readonly principal: unknown })[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => statementJson(s, s.principal)),
  });
}

/** The resource policy statement every guard queue, topic and bucket holds: no request but over TLS. */
export function denyInsecureTransport(actions: readonly string[], resources: readonly string[]): PolicyStatement & { readonly principal: '*' } {
  return { sid: 'DenyInsecureTransport', effect: 'Deny', principal: '*', actions, resources, conditions: { Bool: { 'aws:SecureTransport': 'false' } } };
}
