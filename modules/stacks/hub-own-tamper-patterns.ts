import { AwsEnvironment, partitionOf } from '../common/aws-environment';
import type { EventPattern } from '../common/event-pattern';
import { hubMemberDirectoryBucketName } from '../common/hub-names';
import { tamperAttemptPattern, tamperEventPatterns, tamperGroups } from '../common/tamper-alert';

/**
 * Tampering with the hub's own resources in one hub region: what a standalone account watches
 * (tamper-alert.ts: functions with their configuration, event invoke config and concurrency, roles,
 * rules and targets, topic and subscriptions, key, trail, Config, alarms, queues, log filters,
 * GuardDuty, replays) and what only a hub holds: the bus permissions that let members in, the
 * quarantine state table and its resource policy, the functions' code signing and the signer
 * profile, the member directory's bucket. Each as made calls and as refused attempts, one rule each, on the hub's default bus of
 * the region, alerted by that region's tamper-alert function (no bus hop).
 */
export interface HubOwnTamperRule {
  /** The rule's name suffix after `<prefix>-hub-own-tamper-`. */
  readonly group: string;
  readonly pattern: EventPattern;
}

const apiCallDetailType = 'AWS API Call via CloudTrail';

/**
 * The hub-only calls. Bus permissions and signer profiles are account-wide: their CloudTrail records
 * name no guard resource by a name the guards choose (the default bus has no name parameter, a
 * profile permission names a statement id), and the hub account is the guards'.
 */
function hubOnlyCalls(environment: AwsEnvironment, namePrefix: string): Record<string, unknown>[] {
  const arn = (service: string, resource: string) => `arn:${partitionOf(environment)}:${service}:${environment.region}:${environment.accountId}:${resource}`;
  return [
    { eventSource: ['events.amazonaws.com'], eventName: ['PutPermission', 'RemovePermission', 'DeleteEventBus'] },
    {
      eventSource: ['dynamodb.amazonaws.com'],
      eventName: ['DeleteTable', 'UpdateTable', 'UpdateTimeToLive', 'RestoreTableToPointInTime'],
      requestParameters: { tableName: [{ prefix: `${namePrefix}-` }, { prefix: arn('dynamodb', `table/${namePrefix}-`) }] },
    },
    {
      eventSource: ['dynamodb.amazonaws.com'],
      eventName: ['PutResourcePolicy', 'DeleteResourcePolicy'],
      requestParameters: { resourceArn: [{ prefix: arn('dynamodb', `table/${namePrefix}-`) }] },
    },
    {
      eventSource: ['lambda.amazonaws.com'],
      // Versioned names (PutFunctionCodeSigningConfig20200422): matched by prefix.
      eventName: ['PutFunctionCodeSigningConfig', 'DeleteFunctionCodeSigningConfig', 'UpdateCodeSigningConfig', 'DeleteCodeSigningConfig'].map((name) => ({
        prefix: name,
      })),
    },
    {
      eventSource: ['signer.amazonaws.com'],
      eventName: ['PutSigningProfile', 'CancelSigningProfile', 'RevokeSigningProfile', 'RevokeSignature', 'AddProfilePermission', 'RemoveProfilePermission'],
    },
    {
      eventSource: ['sns.amazonaws.com'],
      eventName: ['SetSubscriptionAttributes', 'AddPermission'],
    },
  ];
}

function hubOnlyPattern(environment: AwsEnvironment, namePrefix: string): EventPattern {
  const calls = hubOnlyCalls(environment, namePrefix);
  const sources = [...new Set(calls.map((call) => `aws.${String((call.eventSource as string[])[0]).replace('.amazonaws.com', '')}`))];
  return {
    source: sources,
    'detail-type': [apiCallDetailType],
    account: [environment.accountId],
    detail: { errorCode: [{ exists: false }], $or: calls },
  };
}

/**
 * The member directory's bucket (which accounts the hub serves). Its configuration calls are
 * CloudTrail management events, delivered to EventBridge like the others: the bucket policy,
 * versioning, encryption, public access block, ownership, ACL, lifecycle, replication, object lock,
 * the bucket's deletion. Writes of its object are data events, which CloudTrail does not log unless
 * a trail selects them (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html):
 * matched here too, they alert only where such a trail records the bucket's data events.
 */
export const memberDirectoryBucketCalls = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketVersioning',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'PutBucketPublicAccessBlock',
  'DeleteBucketPublicAccessBlock',
  'PutBucketOwnershipControls',
  'DeleteBucketOwnershipControls',
  'PutBucketAcl',
  'PutBucketLifecycle',
  'DeleteBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketReplication',
  'PutObjectLockConfiguration',
  'DeleteBucket',
];
/** The object writes (data events): alerted only where a trail records them. */
export const memberDirectoryObjectCalls = ['PutObject', 'CopyObject', 'CompleteMultipartUpload', 'DeleteObject', 'DeleteObjects', 'PutObjectAcl'];

function memberDirectoryPattern(environment: AwsEnvironment, namePrefix: string): EventPattern {
  return {
    source: ['aws.s3'],
    'detail-type': [apiCallDetailType],
    account: [environment.accountId],
    detail: {
      errorCode: [{ exists: false }],
      eventSource: ['s3.amazonaws.com'],
      eventName: [...memberDirectoryBucketCalls, ...memberDirectoryObjectCalls],
      requestParameters: { bucketName: [hubMemberDirectoryBucketName(namePrefix, environment.accountId, environment.region)] },
    },
  };
}

/** Every hub-own tamper rule of a hub region: the standalone groups and the hub-only ones, made and refused. */
export function hubOwnTamperRules(environment: AwsEnvironment, namePrefix: string, keyArn: string): HubOwnTamperRule[] {
  const standalone = tamperEventPatterns(environment, namePrefix, keyArn);
  const patterns: [string, EventPattern][] = [
    ...tamperGroups.map((group): [string, EventPattern] => [group, standalone[group]]),
    ['hub', hubOnlyPattern(environment, namePrefix)],
    ['member-directory', memberDirectoryPattern(environment, namePrefix)],
  ];
  return patterns.flatMap(([group, pattern]) => [
    { group, pattern },
    { group: `${group}-attempts`, pattern: tamperAttemptPattern(pattern) },
  ]);
}
