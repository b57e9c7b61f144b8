import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { QuarantineRecord } from './decision';
import { stateTableKeys } from './contract';

/**
 * The items of the state table (no SDK calls here: each function's calls live in its own file, so
 * that each role is granted exactly what its handler calls):
 * - `instance#<id>`: the QuarantineRecord, as JSON in `record`;
 * - `role#<name>`: `instances`, the quarantined instances that need the revocation policy on that role;
 * - `fleet-rate#<hour>`: `quarantines` started by the fleet flow in that clock hour.
 */
export const recordAttribute = 'record';
export const roleInstancesAttribute = 'instances';
export const fleetCountAttribute = 'quarantines';

export function instanceKey(instanceId: string): Record<string, AttributeValue> {
  return { [stateTableKeys.partitionKey]: { S: `instance#${instanceId}` } };
}

export function roleKey(roleName: string): Record<string, AttributeValue> {
  return { [stateTableKeys.partitionKey]: { S: `role#${roleName}` } };
}

export function fleetRateKey(hour: string): Record<string, AttributeValue> {
  return { [stateTableKeys.partitionKey]: { S: `fleet-rate#${hour}` } };
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

export function recordItem(record: QuarantineRecord): Record<string, AttributeValue> {
  return { ...instanceKey(record.instanceId), [recordAttribute]: { S: JSON.stringify(record) } };
}
