import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import type { AwsCredentialIdentity } from '@smithy/types';
import { regionOfArn } from '../common/member-account-names';

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
  // The alert topic may live in another region (hub mode: the home region's topic); SNS takes
  // a publish only in the topic's own region.
  const topicRegion = regionOfArn(process.env.ALERT_TOPIC_ARN ?? '');
  return { ec2: new EC2Client(options), iam: new IAMClient(options), sns: new SNSClient({ ...options, ...(topicRegion ? { region: topicRegion } : {}) }) };
}

/** EC2 and IAM clients acting in a member account and region with its remediation role's credentials. */
export function memberAwsClients(own: AwsClients, region: string, credentials: AwsCredentialIdentity): AwsClients {
  const options = { maxAttempts: 5, region, credentials };
  return { ec2: new EC2Client(options), iam: new IAMClient(options), sns: own.sns };
}
