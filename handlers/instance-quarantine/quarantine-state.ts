import { DynamoDBClient, GetItemCommand, PutItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { isAwsErrorCode } from '../common/aws-errors';
import { QuarantineRecord } from './decision';
import {
  fleetCountAttribute,
  hourlyRateKey,
  instanceKey,
  pendingQuarantineKey,
  recordFromItem,
  recordItem,
  roleInstancesAttribute,
  roleKey,
  StateScope,
} from './state-record';
import { stateKeyPrefixes, stateTableKeys } from './contract';

/** The quarantine function's access to the state table: read, write its record, count. */
export class QuarantineState {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
    /** Hub mode: the member account and region the items belong to. */
    private readonly scope?: StateScope,
  ) {}

  async record(instanceId: string): Promise<QuarantineRecord | undefined> {
    const response = await this.dynamodb.send(
      new GetItemCommand({ TableName: this.tableName, Key: instanceKey(instanceId, this.scope), ConsistentRead: true }),
    );
    return recordFromItem(response.Item);
  }

  /**
   * Writes the first record of a quarantine. Two invocations may race: the loser reads the
   * winner's record, which holds the state from before either of them changed anything.
   */
  async createRecord(record: QuarantineRecord): Promise<QuarantineRecord> {
    try {
      await this.dynamodb.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: recordItem(record, this.scope),
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': stateTableKeys.partitionKey },
        }),
      );
      return record;
    } catch (error) {
      if (!isAwsErrorCode(error, 'ConditionalCheckFailedException')) throw error;
      const winner = await this.record(record.instanceId);
      if (!winner) throw error;
      return winner;
    }
  }

  async saveRecord(record: QuarantineRecord): Promise<void> {
    await this.dynamodb.send(new PutItemCommand({ TableName: this.tableName, Item: recordItem(record, this.scope) }));
  }

  /** Notes that this instance needs the revocation policy on the role, before attaching it. */
  async addRoleReference(roleName: string, instanceId: string): Promise<void> {
    await this.dynamodb.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: roleKey(roleName, this.scope),
        UpdateExpression: 'ADD #instances :instance',
        ExpressionAttributeNames: { '#instances': roleInstancesAttribute },
        ExpressionAttributeValues: { ':instance': { SS: [instanceId] } },
      }),
    );
  }

  /** Takes one of the fleet flow's quarantines of this clock hour; false when `limit` are taken. */
  takeFleetQuarantine(now: Date, limit: number): Promise<boolean> {
    return this.takeHourlySlot(stateKeyPrefixes.fleetRate, now, limit);
  }

  /** Takes one of the account's quarantines of this clock hour, whatever the trigger; false when `limit` are taken. */
  takeQuarantine(now: Date, limit: number): Promise<boolean> {
    return this.takeHourlySlot(stateKeyPrefixes.quarantineRate, now, limit);
  }

  /** Records a quarantine that waits for a person's approval (kept a week, then DynamoDB's TTL removes it). */
  async recordPending(instanceId: string, reason: string, now: Date): Promise<void> {
    await this.dynamodb.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          ...pendingQuarantineKey(instanceId, this.scope),
          reason: { S: reason },
          at: { S: now.toISOString() },
          [stateTableKeys.expiresAt]: { N: String(Math.floor(now.getTime() / 1000) + 7 * 86400) },
        },
      }),
    );
  }

  /** One conditional update: concurrent invocations cannot both take the last slot. */
  private async takeHourlySlot(prefix: string, now: Date, limit: number): Promise<boolean> {
    const hour = now.toISOString().slice(0, 13);
    try {
      await this.dynamodb.send(
        new UpdateItemCommand({
          TableName: this.tableName,
          Key: hourlyRateKey(prefix, hour, this.scope),
          UpdateExpression: 'ADD #count :one SET #expires = :expires',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': fleetCountAttribute, '#expires': stateTableKeys.expiresAt },
          ExpressionAttributeValues: {
            ':one': { N: '1' },
            ':limit': { N: String(limit) },
            // Kept a day, then DynamoDB's TTL removes it.
            ':expires': { N: String(Math.floor(now.getTime() / 1000) + 86400) },
          },
        }),
      );
      return true;
    } catch (error) {
      if (isAwsErrorCode(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }
}
