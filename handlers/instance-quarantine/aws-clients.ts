import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';

export interface AwsClients {
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly sns: SNSClient;
}

/**
 * Created once per module, reused across invocations. Five attempts with the SDK's standard
 * backoff ride out throttling during an incident, when many calls hit EC2 at once.
 */
export function createAwsClients(): AwsClients {
  const options = { maxAttempts: 5 };
  return { ec2: new EC2Client(options), iam: new IAMClient(options), sns: new SNSClient(options) };
}
