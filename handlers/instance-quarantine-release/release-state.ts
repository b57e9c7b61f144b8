import { AttributeValue, DeleteItemCommand, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { isAwsErrorCode } from '../common/aws-errors';
import { releaseApproval } from '../instance-quarantine/contract';
import { QuarantineRecord } from '../instance-quarantine/decision';
import { instanceKey, recordFromItem, releaseApprovalKey, roleInstancesAttribute, roleKey, StateScope } from '../instance-quarantine/state-record';

/** The release function's access to the state table: read a record and its approval, use the approval up, drop references, forget. */
export class ReleaseState {
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

  /** The approval item, read consistently: an approval written a moment ago counts. */
  async approval(instanceId: string): Promise<Record<string, AttributeValue> | undefined> {
    const response = await this.dynamodb.send(
      new GetItemCommand({ TableName: this.tableName, Key: releaseApprovalKey(instanceId, this.scope), ConsistentRead: true }),
    );
    return response.Item;
  }

  /**
   * Uses the approval up before anything is changed, so that one approval releases once: the delete
   * succeeds only while the item still holds the approval that was judged. False when another
   * release used it (or an approver replaced it) in between.
   */
  async consumeApproval(instanceId: string, approvedAt: string): Promise<boolean> {
    try {
      await this.dynamodb.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: releaseApprovalKey(instanceId, this.scope),
          ConditionExpression: '#approvedAt = :approvedAt',
          ExpressionAttributeNames: { '#approvedAt': releaseApproval.approvedAtAttribute },
          ExpressionAttributeValues: { ':approvedAt': { S: approvedAt } },
        }),
      );
      return true;
    } catch (error) {
      if (isAwsErrorCode(error, 'ConditionalCheckFailedException')) return false;
      throw error;
    }
  }

  /** Drops this instance's need for the revocation policy on the role; returns the instances that still need it. */
  async removeRoleReference(roleName: string, instanceId: string): Promise<string[]> {
    const response = await this.dynamodb.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: roleKey(roleName, this.scope),
        UpdateExpression: 'DELETE #instances :instance',
        ExpressionAttributeNames: { '#instances': roleInstancesAttribute },
        ExpressionAttributeValues: { ':instance': { SS: [instanceId] } },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return response.Attributes?.[roleInstancesAttribute]?.SS ?? [];
  }

  async forget(instanceId: string): Promise<void> {
    await this.dynamodb.send(new DeleteItemCommand({ TableName: this.tableName, Key: instanceKey(instanceId, this.scope) }));
  }
}
