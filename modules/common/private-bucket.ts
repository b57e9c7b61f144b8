import { Construct } from 'constructs';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA as S3BucketServerSideEncryption } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';

/**
 * Makes a bucket private and encrypted at rest: every kind of public access blocked, ACLs off
 * (bucket owner enforced) and S3-managed keys, or the given KMS key (SSE-KMS with an S3 Bucket Key).
 * S3-managed by default, so that the bucket's other users (AWS Config delivering to it, Lambda in
 * other accounts reading code from it) need no statement in a key policy; the trail bucket uses the
 * stack's key, whose policy lets that trail encrypt. The resources are added to `scope`, beside the bucket.
 */
export function makeBucketPrivate(scope: Construct, bucket: S3Bucket, kmsKeyArn?: string): void {
  new S3BucketServerSideEncryption(scope, 'encryption', {
    bucket: bucket.id,
    rule: [
      kmsKeyArn
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: kmsKeyArn }, bucketKeyEnabled: true }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } },
    ],
  });
  new S3BucketPublicAccessBlock(scope, 'public-access-block', {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketOwnershipControls(scope, 'ownership', { bucket: bucket.id, rule: { objectOwnership: 'BucketOwnerEnforced' } });
}

/**
 * Every write to a bucket, its objects and its configuration: what a guard bucket's policy denies to
 * all but the principals that write it (the artifacts' publisher, the hub's deployer).
 */
export const bucketWriteActions = [
  's3:PutObject',
  's3:PutObjectAcl',
  's3:PutObjectTagging',
  's3:PutObjectVersionTagging',
  's3:PutObjectRetention',
  's3:PutObjectLegalHold',
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:DeleteObjectTagging',
  's3:DeleteObjectVersionTagging',
  's3:RestoreObject',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
  's3:PutBucketVersioning',
  's3:PutBucketAcl',
  's3:PutBucketOwnershipControls',
  's3:PutBucketPublicAccessBlock',
  's3:PutEncryptionConfiguration',
  's3:PutLifecycleConfiguration',
  's3:PutReplicationConfiguration',
  's3:PutBucketObjectLockConfiguration',
  's3:DeleteBucket',
];
