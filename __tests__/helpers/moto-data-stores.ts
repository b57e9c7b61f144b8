import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MotoServer } from './moto-server';

/**
 * Starts moto and sends the handlers' DynamoDB and S3 clients (state tables, the hub's member
 * directory) to it, with moto's credentials; the handlers' other clients stay mocked in process.
 * Returns the server and a DynamoDB client of the test's own, to create and read tables.
 */
export async function startMotoDataStores(region: string): Promise<{ server: MotoServer; dynamodb: DynamoDBClient }> {
  const server = await MotoServer.start();
  const environment = server.clientEnvironment(region);
  process.env.AWS_ENDPOINT_URL_DYNAMODB = environment.AWS_ENDPOINT_URL;
  process.env.AWS_ENDPOINT_URL_S3 = environment.AWS_ENDPOINT_URL;
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED']) {
    process.env[name] = environment[name];
  }
  return { server, dynamodb: new DynamoDBClient({ endpoint: environment.AWS_ENDPOINT_URL, region }) };
}
