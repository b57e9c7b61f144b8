import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { MotoServer } from '../../helpers/moto-server';
import { startMotoDataStores } from '../../helpers/moto-data-stores';

/**
 * The guard's state table on a moto server of the suite's own: real DynamoDB semantics
 * (conditional writes, set ADD/DELETE) for the handlers, whose other clients the tests mock.
 * Call `start()` in beforeAll, before the handler's first DynamoDB request.
 */
export class MotoStateTable {
  private constructor(
    readonly server: MotoServer,
    readonly client: DynamoDBClient,
  ) {}

  static async start(): Promise<MotoStateTable> {
    const { server, dynamodb: client } = await startMotoDataStores(process.env.AWS_REGION ?? 'us-east-1');
    return new MotoStateTable(server, client);
  }

  /** An empty table, as Terraform creates it. */
  async reset(): Promise<void> {
    await this.server.reset();
    await this.client.send(
      new CreateTableCommand({
        TableName: process.env.STATE_TABLE_NAME,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      }),
    );
  }

  async item(pk: string): Promise<Record<string, unknown> | undefined> {
    const response = await this.client.send(new GetItemCommand({ TableName: process.env.STATE_TABLE_NAME, Key: { pk: { S: pk } }, ConsistentRead: true }));
    return response.Item;
  }

  async record(instanceId: string): Promise<Record<string, unknown> | undefined> {
    const item = await this.item(`instance#${instanceId}`);
    return item ? (JSON.parse(String((item.record as { S: string }).S)) as Record<string, unknown>) : undefined;
  }

  async putRecord(record: Record<string, unknown>): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: process.env.STATE_TABLE_NAME,
        Item: { pk: { S: `instance#${String(record.instanceId)}` }, record: { S: JSON.stringify(record) } },
      }),
    );
  }

  /**
   * What an approver's `aws dynamodb put-item` writes (the README's command): `approvedAt` defaults
   * to a minute ago. `scope` is the hub's `<account>/<region>/` part of the key.
   */
  async putApproval(instanceId: string, options: { approvedAt?: Date; approvedBy?: string; scope?: string } = {}): Promise<void> {
    const approvedAt = options.approvedAt ?? new Date(Date.now() - 60_000);
    await this.client.send(
      new PutItemCommand({
        TableName: process.env.STATE_TABLE_NAME,
        Item: {
          pk: { S: `release-approval#${options.scope ?? ''}${instanceId}` },
          approvedBy: { S: options.approvedBy ?? 'arn:aws:iam::111122223333:role/security-oncall' },
          approvedAt: { S: approvedAt.toISOString() },
        },
      }),
    );
  }

  stop(): void {
    this.client.destroy();
    this.server.stop();
  }
}
