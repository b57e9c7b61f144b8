import { DeleteItemCommand, DynamoDBClient, GetItemCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { QuarantineRecord } from '../instance-quarantine/decision';
import { instanceKey, recordFromItem, roleInstancesAttribute, roleKey, StateScope } from '../instance-quarantine/state-record';

/** The release function's access to the state table: read a record, drop references, forget. */
export class ReleaseState {
  constructor(
    private readonly dynamodb: DynamoDBClient,
    private readonly tableName: string,
    /** Hub mode: the member account and region the items belong to. */
    private readonly scope?: StateScope,
  ) {}

  async record(instanceId: string): Promise<QuarantineRecord | undefined> {
    const response = await this.dynamodb.send(new GetItemCommand({ TableName: this.tableName, Key: instanceKey(instanceId, this.scope), ConsistentRead: true }));
    return recordFromItem(response.Item);
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
