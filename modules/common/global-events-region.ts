/**
 * The region where EventBridge receives the CloudTrail events of global services (IAM,
 * Organizations, the global STS endpoint), per partition.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html ("global services
 * ... in US East (N. Virginia)").
 */
export const globalEventsRegionOfPartition: Readonly<Record<string, string>> = { aws: 'us-east-1', 'aws-us-gov': 'us-gov-west-1', 'aws-cn': 'cn-north-1' };
