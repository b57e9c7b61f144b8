/**
 * Effects on the hub region's failed-call table (hub key, TTL): one item per account and caller.
 * A failed call of the caller's current window is counted (one conditional UpdateItem); a failed
 * call outside it is the first of a new window: the caller of this module alerts it at once, with
 * the digest of the previous window (returned by the failed condition, ReturnValuesOnConditionCheckFailure),
 * and only then claims the new window, so that a failed publish leaves the table as it was and
 * Lambda's retry alerts again. UpdateItem is the only call (the function's one table grant).
 */
import { ConditionalCheckFailedException, DynamoDBClient, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { failedCallRetentionDays, failedCallTableKeys as keys, failedCallWindowMinutes } from './contract';

const windowMs = failedCallWindowMinutes * 60_000;
const retentionMs = failedCallRetentionDays * 86_400_000;

/** The start (epoch ms) of the window `at` falls in. */
export function windowStartOf(at: number): number {
  return Math.floor(at / windowMs) * windowMs;
}

export interface FailedCallKey {
  readonly accountId: string;
  readonly callerArn: string;
}

/** What a window counted after its first call, which alerted on its own. */
export interface WindowDigest {
  readonly count: number;
  readonly eventNames: readonly string[];
  readonly firstAt: number;
  readonly lastAt: number;
}

/** `counted`: the call joins its window's digest. `first`: alert it, then {@link claimWindow}. */
export type FailedCallVerdict =
  { readonly kind: 'counted' } | { readonly kind: 'first'; readonly windowStart: number; readonly previous: WindowDigest | undefined };

const itemKey = (key: FailedCallKey) => ({ [keys.partitionKey]: { S: `${keys.callerPrefix}${key.accountId}#${key.callerArn}` } });
const expiry = (at: number) => ({ N: String(Math.floor((at + retentionMs) / 1000)) });

function conditionFailed(error: unknown): error is { Item?: Record<string, AttributeValue> } {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

/** The digest an item holds, if its window counted any call besides its first. */
function digestOf(item: Record<string, AttributeValue> | undefined): WindowDigest | undefined {
  const count = Number(item?.counted?.N ?? 0);
  if (!item || !(count > 0)) return undefined;
  return {
    count,
    eventNames: [...(item.eventNames?.SS ?? [])].sort(),
    firstAt: Number(item.countedFrom?.N),
    lastAt: Number(item.countedTo?.N),
  };
}

/** Counts a failed call at `at` into the caller's current window, or says it opens a new one. Throws on a table fault. */
export async function countFailedCall(
  client: DynamoDBClient,
  tableName: string,
  key: FailedCallKey,
  eventName: string,
  at: number,
): Promise<FailedCallVerdict> {
  const windowStart = windowStartOf(at);
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: itemKey(key),
        UpdateExpression: 'SET countedFrom = if_not_exists(countedFrom, :at), countedTo = :at, #expires = :expires ADD counted :one, eventNames :name',
        ConditionExpression: 'windowStart = :window',
        ExpressionAttributeNames: { '#expires': keys.expiresAt },
        ExpressionAttributeValues: {
          ':at': { N: String(at) },
          ':expires': expiry(at),
          ':one': { N: '1' },
          ':name': { SS: [eventName] },
          ':window': { N: String(windowStart) },
        },
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { kind: 'counted' };
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    return { kind: 'first', windowStart, previous: digestOf(error.Item) };
  }
}

/**
 * Makes `windowStart` the caller's window, its digest empty, once its first call was alerted. A
 * caller already in that window or a later one (a concurrent first call claimed it) stays as it is.
 */
export async function claimWindow(client: DynamoDBClient, tableName: string, key: FailedCallKey, windowStart: number, at: number): Promise<void> {
  try {
    await client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: itemKey(key),
        UpdateExpression: 'SET windowStart = :window, #expires = :expires REMOVE counted, eventNames, countedFrom, countedTo',
        ConditionExpression: 'attribute_not_exists(windowStart) OR windowStart < :window',
        ExpressionAttributeNames: { '#expires': keys.expiresAt },
        ExpressionAttributeValues: { ':window': { N: String(windowStart) }, ':expires': expiry(at) },
      }),
    );
  } catch (error) {
    if (!conditionFailed(error)) throw error;
  }
}
