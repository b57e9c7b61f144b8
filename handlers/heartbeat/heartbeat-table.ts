/**
 * Effects on the hub region's heartbeat table (encrypted with the hub key, items expire by TTL):
 * a beat raises an account's last beat (never lowers it: a late retry of an old beat changes
 * nothing); the check reads the account items whole and marks what it reported with conditional writes, so
 * that an alert goes out once per silence and once per recovery.
 */
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand, ScanCommand, UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { heartbeatRetentionDays, heartbeatTableKeys as keys } from './contract';
import type { AccountRecord } from './silence';

const retentionMs = heartbeatRetentionDays * 86_400_000;
const expiry = (fromMs: number) => String(Math.floor((fromMs + retentionMs) / 1000));
const accountKey = (accountId: string) => ({ [keys.partitionKey]: { S: `${keys.accountPrefix}${accountId}` } });

/** Whether a conditional write found the item already as wanted (another writer came first). */
function conditionFailed(error: unknown): boolean {
  return error instanceof ConditionalCheckFailedException || (error as { name?: string } | undefined)?.name === 'ConditionalCheckFailedException';
}

async function conditionally(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (conditionFailed(error)) return false;
    throw error;
  }
}

/** Records a beat fired at `firedAt`; false when a later beat is already on record. */
export function recordBeat(client: DynamoDBClient, tableName: string, accountId: string, firedAt: number): Promise<boolean> {
  return conditionally(
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'SET lastBeatAt = :at, #expires = :expires',
        ConditionExpression: 'attribute_not_exists(lastBeatAt) OR lastBeatAt < :at',
        ExpressionAttributeNames: { '#expires': keys.expiresAt },
        ExpressionAttributeValues: { ':at': { N: String(firedAt) }, ':expires': { N: expiry(firedAt) } },
      }),
    ),
  );
}

const numberOf = (value: AttributeValue | undefined) => (value?.N !== undefined ? Number(value.N) : undefined);

/** Every account's item, strongly consistent (a few hundred bytes per member: one scan page per few thousand members). */
export async function readAccountRecords(client: DynamoDBClient, tableName: string): Promise<ReadonlyMap<string, AccountRecord>> {
  const records = new Map<string, AccountRecord>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }));
    for (const item of page.Items ?? []) {
      const pk = item[keys.partitionKey]?.S ?? '';
      if (!pk.startsWith(keys.accountPrefix)) continue;
      const accountId = pk.slice(keys.accountPrefix.length);
      records.set(accountId, {
        accountId,
        lastBeatAt: numberOf(item.lastBeatAt),
        watchedSince: numberOf(item.watchedSince),
        silentReportedAt: numberOf(item.silentReportedAt),
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return records;
}

/** Starts watching a served account without an item (a beat that came first keeps its item). */
export function markWatched(client: DynamoDBClient, tableName: string, accountId: string, now: number): Promise<boolean> {
  return conditionally(
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { ...accountKey(accountId), watchedSince: { N: String(now) }, [keys.expiresAt]: { N: expiry(now) } },
        ConditionExpression: `attribute_not_exists(${keys.partitionKey})`,
      }),
    ),
  );
}

/** Marks an account's silence as reported; false when another check reported it first. */
export function markSilenceReported(client: DynamoDBClient, tableName: string, accountId: string, now: number): Promise<boolean> {
  return conditionally(
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'SET silentReportedAt = :now',
        ConditionExpression: `attribute_exists(${keys.partitionKey}) AND attribute_not_exists(silentReportedAt)`,
        ExpressionAttributeValues: { ':now': { N: String(now) } },
      }),
    ),
  );
}

/** Clears a reported silence once the account beat after it. */
export function markRecovered(client: DynamoDBClient, tableName: string, accountId: string, reportedAt: number): Promise<boolean> {
  return conditionally(
    client.send(
      new UpdateItemCommand({
        TableName: tableName,
        Key: accountKey(accountId),
        UpdateExpression: 'REMOVE silentReportedAt',
        ConditionExpression: 'silentReportedAt = :reported',
        ExpressionAttributeValues: { ':reported': { N: String(reportedAt) } },
      }),
    ),
  );
}

/** Runs `work` over `items`, `width` at a time: a first check of 10,000 members writes 10,000 items. */
export async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += width) await Promise.all(items.slice(start, start + width).map(work));
}
