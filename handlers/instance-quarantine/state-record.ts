import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { QuarantineRecord } from './decision';
import { releaseApproval, stateKeyPrefixes, stateTableKeys } from './contract';

/**
 * The items of the state table (no SDK calls here: each function's calls live in its own file, so
 * that each role is granted exactly what its handler calls):
 * - `instance#<id>`: the QuarantineRecord, as JSON in `record`;
 * - `role#<name>`: `instances`, the quarantined instances that need the revocation policy on that role;
 * - `fleet-rate#<hour>`: `quarantines` started by the fleet flow in that clock hour;
 * - `quarantine-rate#<hour>`: `quarantines` started by any trigger in that clock hour;
 * - `quarantine-pending#<id>`: a GuardDuty finding of an approval-required type, with `reason` and `at`;
 * - `release-approval#<id>`: a person's approval to release that instance (written only by approvers).
 * In hub mode one table serves every member: each key carries the member's scope
 * (`instance#<account>/<region>/<id>`, `role#<account>/<name>`, `fleet-rate#<account>/<hour>`,
 * `release-approval#<account>/<region>/<id>`),
 * since role names repeat across accounts and each member gets its own fleet limit.
 */
export const recordAttribute = 'record';
export const roleInstancesAttribute = 'instances';
export const fleetCountAttribute = 'quarantines';

/** Where a hub keeps a member's items; absent in standalone mode (the table is the account's own). */
export interface StateScope {
  readonly accountId: string;
  readonly region: string;
}

export function instanceKey(instanceId: string, scope?: StateScope): Record<string, AttributeValue> {
  const where = scope ? `${scope.accountId}/${scope.region}/` : '';
  return { [stateTableKeys.partitionKey]: { S: `${stateKeyPrefixes.instance}${where}${instanceId}` } };
}

export function releaseApprovalKey(instanceId: string, scope?: StateScope): Record<string, AttributeValue> {
  const where = scope ? `${scope.accountId}/${scope.region}/` : '';
  return { [stateTableKeys.partitionKey]: { S: `${releaseApproval.keyPrefix}${where}${instanceId}` } };
}

export function roleKey(roleName: string, scope?: StateScope): Record<string, AttributeValue> {
  // IAM is global: a role is the account's, whatever the region.
  const where = scope ? `${scope.accountId}/` : '';
  return { [stateTableKeys.partitionKey]: { S: `${stateKeyPrefixes.role}${where}${roleName}` } };
}

/** A per-account hourly counter: the fleet flow's (`fleet-rate#`) or every trigger's (`quarantine-rate#`). */
export function hourlyRateKey(prefix: string, hour: string, scope?: StateScope): Record<string, AttributeValue> {
  const where = scope ? `${scope.accountId}/` : '';
  return { [stateTableKeys.partitionKey]: { S: `${prefix}${where}${hour}` } };
}

/** `quarantine-pending#[<account>/<region>/]<id>`: a finding that waits for a person's approval. */
export function pendingQuarantineKey(instanceId: string, scope?: StateScope): Record<string, AttributeValue> {
  const where = scope ? `${scope.accountId}/${scope.region}/` : '';
  return { [stateTableKeys.partitionKey]: { S: `${stateKeyPrefixes.pendingQuarantine}${where}${instanceId}` } };
}

/** Reads a record back; a malformed one is an error, never a guess. */
export function recordFromItem(item: Record<string, AttributeValue> | undefined): QuarantineRecord | undefined {
  if (!item) return undefined;
  const text = item[recordAttribute]?.S;
  if (text === undefined) throw new Error(`state item ${item[stateTableKeys.partitionKey]?.S ?? '?'} has no ${recordAttribute} attribute`);
  const record = JSON.parse(text) as QuarantineRecord;
  if (typeof record.instanceId !== 'string' || typeof record.groupsByInterface !== 'object' || !Array.isArray(record.revokedRoleNames)) {
    throw new Error(`state item of ${record.instanceId ?? '?'} is not a quarantine record`);
  }
  return record;
}

export function recordItem(record: QuarantineRecord, scope?: StateScope): Record<string, AttributeValue> {
  return { ...instanceKey(record.instanceId, scope), [recordAttribute]: { S: JSON.stringify(record) } };
}
