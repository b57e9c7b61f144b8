import { PolicyStatement } from '../common/iam-policy';
import { releaseApproval } from '../../handlers/instance-quarantine/contract';

/** Every API that changes items; reads stay governed by IAM alone. */
export const stateTableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
] as const;

/**
 * The writes that create or change an approval. Deleting one is left out: the release function
 * uses an approval up by deleting it, and a deleted approval releases nothing.
 */
export const approvalWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
] as const;

/** What the table's policy itself, and the table, are protected by. */
export const tableAdministrationActions = ['dynamodb:PutResourcePolicy', 'dynamodb:DeleteResourcePolicy', 'dynamodb:DeleteTable'] as const;

/** `dynamodb:LeadingKeys` of an approval item (the partition key's value). */
export const approvalKeyPattern = `${releaseApproval.keyPrefix}*`;

export interface StateTablePolicyScope {
  /** The table's ARN, literal. */
  readonly tableArn: string;
  /** The guard's roles (and the deployer, when named): the only principals that write state. */
  readonly writerArns: readonly string[];
  /** `releaseApprovers`: the only principals that write approvals, and nothing else. */
  readonly approverArns: readonly string[];
  /** The principal that deploys the table: the only one that may change or delete its policy or the table. */
  readonly deployerArn?: string;
}

type ResourceStatement = PolicyStatement & { readonly principal: '*' };

/**
 * Deny statements only (a resource policy's explicit Deny wins over any identity policy's Allow,
 * and this one grants nothing): state is written by the guard's roles alone; approvals by the
 * approvers alone, who write nothing else; the policy and the table are changed by the deployer alone.
 * `dynamodb:LeadingKeys` is the partition key of the item a write names (every item write carries it;
 * `__tests__/modules/release-approval-policy.test.ts` simulates each statement).
 */
export function stateTablePolicyStatements(scope: StateTablePolicyScope): ResourceStatement[] {
  const base = { effect: 'Deny' as const, principal: '*' as const, resources: [scope.tableArn] };
  const approvers = [...scope.approverArns];
  const statements: ResourceStatement[] = [
    {
      ...base,
      sid: 'OnlyTheGuardWritesItsState',
      actions: [...stateTableWriteActions],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': [...scope.writerArns, ...approvers] } },
    },
  ];
  if (approvers.length > 0) {
    statements.push(
      {
        ...base,
        sid: 'ApproversWriteOnlyApprovals',
        actions: [...stateTableWriteActions],
        conditions: { ArnEquals: { 'aws:PrincipalArn': approvers }, 'ForAnyValue:StringNotLike': { 'dynamodb:LeadingKeys': [approvalKeyPattern] } },
      },
      {
        // A write that names no key cannot be shown to touch approvals only.
        ...base,
        sid: 'ApproversNameTheKeyTheyWrite',
        actions: [...stateTableWriteActions],
        conditions: { ArnEquals: { 'aws:PrincipalArn': approvers }, Null: { 'dynamodb:LeadingKeys': 'true' } },
      },
    );
  }
  statements.push({
    // The guard's own roles included: a changed function cannot approve its own release.
    ...base,
    sid: 'OnlyApproversWriteApprovals',
    actions: [...approvalWriteActions],
    conditions: {
      'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': [approvalKeyPattern] },
      ...(approvers.length > 0 ? { ArnNotEquals: { 'aws:PrincipalArn': approvers } } : {}),
    },
  });
  if (scope.deployerArn) {
    statements.push({
      ...base,
      sid: 'OnlyTheDeployerChangesTheTableOrItsPolicy',
      actions: [...tableAdministrationActions],
      conditions: { ArnNotEquals: { 'aws:PrincipalArn': scope.deployerArn } },
    });
  }
  return statements;
}
