import { Testing } from 'cdktf';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { IamChangeAlert, IamChangeAlertSettings } from '../../modules/iam-change-alert';
import { SigninAlert, SigninAlertSettings } from '../../modules/signin-alert';
import { guardWiring, resourcesOf } from '../helpers/guard-scope';
import { PolicyDocument, policyProblems } from '../helpers/iam-policy-checks';

function synthBoth(signin: SigninAlertSettings, iam: IamChangeAlertSettings): string {
  return Testing.synthScope((scope) => {
    const wiring = guardWiring(scope);
    // The registry's order; the second guard may be the one that creates the trail.
    new SigninAlert(scope, 'signin-alert', { ...wiring, ...signin });
    new IamChangeAlert(scope, 'iam-change-alert', { ...wiring, ...iam });
  });
}

const trailArn = 'arn:aws:cloudtrail:eu-west-1:111122223333:trail/test-trail';

describe('the shared CloudTrail trail and log group (modules/common/cloudtrail-log-group.ts)', () => {
  const created = synthBoth({ createTrail: true }, {});

  it('is a multi-region trail with global service events and log file validation, delivering to the KMS-encrypted log group', () => {
    expect(created).toHaveResourceWithProperties(Cloudtrail, {
      name: 'test-trail',
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      enable_logging: true,
      cloud_watch_logs_group_arn: expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.cloudtrail-log-group_[0-9A-F]{8}\.arn\}:\*$/),
    });
    expect(created).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/guards/cloudtrail',
      retention_in_days: 90,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]{8}\.arn\}$/),
    });
    const [trail] = resourcesOf(created, 'aws_cloudtrail');
    expect(trail.depends_on).toEqual([expect.stringMatching(/^aws_s3_bucket_policy\./), expect.stringMatching(/^aws_iam_role_policy\./)]);
  });

  it('keeps its bucket private, owner-enforced, versioned and encrypted, and lets CloudTrail write for this trail only', async () => {
    expect(created).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(created).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(created).toHaveResourceWithProperties(S3BucketVersioningA, { versioning_configuration: { status: 'Enabled' } });
    expect(created).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        {
          apply_server_side_encryption_by_default: {
            sse_algorithm: 'aws:kms',
            kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\.key_[0-9A-F]{8}\.arn\}$/),
          },
          bucket_key_enabled: true,
        },
      ],
    });
    const [trailResource] = resourcesOf(created, 'aws_cloudtrail');
    expect(trailResource.kms_key_id).toMatch(/^\$\{aws_kms_key\.key_[0-9A-F]{8}\.arn\}$/);
    // The stack key lets this trail, and only it, encrypt its log files.
    const [key] = resourcesOf(created, 'aws_kms_key');
    const keyStatements = (JSON.parse(String(key.policy)) as { Statement: { Sid: string; Action: unknown; Condition: unknown }[] }).Statement;
    expect(keyStatements.find((statement) => statement.Sid === 'CloudTrailEncryptsThisTrailsLogs')).toMatchObject({
      Action: 'kms:GenerateDataKey',
      Condition: {
        StringEquals: { 'aws:SourceArn': trailArn },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:111122223333:trail/*' },
      },
    });
    expect(keyStatements.find((statement) => statement.Sid === 'CloudTrailDescribesKey')).toMatchObject({
      Action: 'kms:DescribeKey',
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    });
    expect(keyStatements.map((statement) => statement.Sid)).not.toContain('EventBridgePublishesToEncryptedTopic');
    const [bucket] = resourcesOf(created, 'aws_s3_bucket');
    expect(bucket.bucket_prefix).toBe('test-trail-');
    const [bucketPolicy] = resourcesOf(created, 'aws_s3_bucket_policy');
    const policy = JSON.parse(String(bucketPolicy.policy)) as PolicyDocument & {
      Statement: { Sid: string; Principal: unknown; Condition: unknown; Resource: unknown }[];
    };
    const bySid = Object.fromEntries(policy.Statement.map((statement) => [statement.Sid, statement]));
    expect(bySid.CloudTrailChecksBucketAcl).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 's3:GetBucketAcl',
      Condition: { StringEquals: { 'aws:SourceArn': trailArn } },
    });
    expect(bySid.CloudTrailWritesThisTrailOnly).toMatchObject({
      Action: 's3:PutObject',
      Resource: expect.stringMatching(/\/AWSLogs\/111122223333\/\*$/),
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', 'aws:SourceArn': trailArn } },
    });
    expect(bySid.DenyInsecureTransport).toMatchObject({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } });
    // The TLS deny is meant for every S3 action; the grants are checked against the IAM dataset.
    expect(
      await policyProblems({ Statement: policy.Statement.filter((statement) => statement.Sid !== 'DenyInsecureTransport') as PolicyDocument['Statement'] }),
    ).toEqual([]);
  });

  it('gives CloudTrail a delivery role that may only write streams of its log group', async () => {
    // IAM names are global to the account: the role name carries the region of its stack.
    expect(created).toHaveResourceWithProperties(IamRole, { name: 'test-trail-to-logs-eu-west-1' });
    const [role] = resourcesOf(created, 'aws_iam_role').filter((candidate) => candidate.name === 'test-trail-to-logs-eu-west-1');
    expect(JSON.parse(String(role.assume_role_policy)).Statement).toEqual([
      { Sid: 'CloudTrailAssumesRole', Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const [rolePolicy] = resourcesOf(created, 'aws_iam_role_policy').filter((candidate) => candidate.name === 'test-trail-to-logs');
    const policy = JSON.parse(String(rolePolicy.policy)) as PolicyDocument;
    expect(policy.Statement).toEqual([
      {
        Sid: 'WriteTrailLogStreams',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: 'arn:aws:logs:eu-west-1:111122223333:log-group:/guards/cloudtrail:log-stream:*',
      },
    ]);
    expect(await policyProblems(policy)).toEqual([]);
  });

  it('is created once when both guards ask, and both guards filter its log group by reference', () => {
    const both = synthBoth({ createTrail: true }, { createTrail: true });
    expect(resourcesOf(both, 'aws_cloudtrail')).toHaveLength(1);
    const reference = expect.stringMatching(/^\$\{aws_cloudwatch_log_group\.cloudtrail-log-group_[0-9A-F]{8}\.name\}$/);
    expect(resourcesOf(both, 'aws_cloudwatch_log_subscription_filter')[0].log_group_name).toEqual(reference);
    expect(resourcesOf(both, 'aws_cloudwatch_log_metric_filter')[0].log_group_name).toEqual(reference);
  });

  it('is referred to by the guard that reads it by name, whichever guard comes first', () => {
    const iamCreates = synthBoth({}, { createTrail: true });
    expect(resourcesOf(iamCreates, 'aws_cloudtrail')).toHaveLength(1);
    expect(resourcesOf(iamCreates, 'aws_cloudwatch_log_subscription_filter')[0].log_group_name).toMatch(/^\$\{aws_cloudwatch_log_group\.cloudtrail-log-group_/);
  });

  it('is not created when no guard asks: both read the existing log group by its name', () => {
    const existing = synthBoth({ trailLogGroupName: '/org/cloudtrail' }, { trailLogGroupName: '/org/cloudtrail' });
    expect(existing).not.toHaveResource(Cloudtrail);
    expect(resourcesOf(existing, 'aws_cloudwatch_log_subscription_filter')[0].log_group_name).toBe('/org/cloudtrail');
    expect(resourcesOf(existing, 'aws_cloudwatch_log_metric_filter')[0].log_group_name).toBe('/org/cloudtrail');
  });

  it('refuses two guards asking for different trails in one account, naming both', () => {
    expect(() => synthBoth({ createTrail: true }, { createTrail: true, trailLogGroupName: '/other/trail' })).toThrow(
      /^iam-change-alert: createTrail asks for a trail delivering to \/other\/trail \(90 days\), but signin-alert already creates/,
    );
    expect(() => synthBoth({ createTrail: true }, { createTrail: true, trailLogRetentionDays: 365 })).toThrow(/one guard/);
  });

  it('does not let a guard that reads another log group refer to the trail', () => {
    const mixed = synthBoth({ createTrail: true }, { trailLogGroupName: '/org/cloudtrail' });
    expect(resourcesOf(mixed, 'aws_cloudwatch_log_metric_filter')[0].log_group_name).toBe('/org/cloudtrail');
  });
});
