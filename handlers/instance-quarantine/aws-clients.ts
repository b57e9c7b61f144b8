import { AutoScalingClient } from '@aws-sdk/client-auto-scaling';
import { envAtLoad } from '../common/contract';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import type { AwsCredentialIdentity } from '@smithy/types';
import { regionOfArn } from '../common/member-account-names';

export interface AwsClients {
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
  readonly sns: SNSClient;
  readonly dynamodb: DynamoDBClient;
  readonly cloudwatch: CloudWatchClient;
  readonly autoScaling: AutoScalingClient;
  readonly elbv2: ElasticLoadBalancingV2Client;
}

/**
 * Created once per module, reused across invocations. Five attempts with the SDK's standard
 * backoff ride out throttling during an incident, when many calls hit EC2 at once.
 */
export function createAwsClients(): AwsClients {
  const options = { maxAttempts: 5 };
  // The alert topic may live in another region (hub mode: the home region's topic); SNS takes a
  // publish only in the topic's own region.
  const topicRegion = regionOfArn(envAtLoad('ALERT_TOPIC_ARN') ?? '');
  return {
    ec2: new EC2Client(options),
    iam: new IAMClient(options),
    sns: new SNSClient({ ...options, ...(topicRegion ? { region: topicRegion } : {}) }),
    dynamodb: new DynamoDBClient(options),
    cloudwatch: new CloudWatchClient(options),
    autoScaling: new AutoScalingClient(options),
    elbv2: new ElasticLoadBalancingV2Client(options),
  };
}

/**
 * Hub mode: the clients that act in a member account and region, with its remediation role's
 * credentials. The state table and the alert topic stay the hub's own (own credentials).
 */
export function memberAwsClients(own: AwsClients, region: string, credentials: AwsCredentialIdentity): AwsClients {
  const options = { maxAttempts: 5, region, credentials };
  return {
    ec2: new EC2Client(options),
    iam: new IAMClient(options),
    cloudwatch: new CloudWatchClient(options),
    autoScaling: new AutoScalingClient(options),
    elbv2: new ElasticLoadBalancingV2Client(options),
    sns: own.sns,
    dynamodb: own.dynamodb,
  };
}
