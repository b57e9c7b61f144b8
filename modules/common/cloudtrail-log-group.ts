import { Construct } from 'constructs';
import { Fn, Lazy, TerraformStack, Token } from 'cdktf';
import { Cloudtrail } from '@cdktf/provider-aws/lib/cloudtrail';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketVersioningA as S3BucketVersioning } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { AwsEnvironment, accountGlobalName, arnFor } from './aws-environment';
import { GuardsKey } from './guards-key';
import { identityPolicyJson, resourcePolicyJson } from './iam-policy';
import { makeBucketPrivate } from './private-bucket';

export interface CloudTrailLogGroupProps {
  readonly environment: AwsEnvironment;
  /** Prefix of every resource name in the stack, e.g. `guards`. */
  readonly namePrefix: string;
  /** Encrypts the log group. */
  readonly key: GuardsKey;
  /** The log group the trail delivers to. */
  readonly logGroupName: string;
  readonly logRetentionDays: number;
  /** The guard that asks for the trail, named in errors. */
  readonly requestedBy: string;
}

/**
 * A multi-region CloudTrail trail (global service events included, log file validation on) that
 * delivers to a KMS-encrypted CloudWatch Logs group, for the guards that read CloudTrail from logs
 * (signin-alert, iam-change-alert). Its S3 bucket is private, owner-enforced, versioned, TLS-only
 * and encrypted with the stack's key (the trail writes SSE-KMS log files; the key policy lets this
 * trail only encrypt), and its policy lets CloudTrail write for this one trail only (`aws:SourceArn`).
 *
 * One trail per stack however many guards ask for it: call {@link CloudTrailLogGroup.of}. Guards
 * that read an existing log group by name take {@link trailLogGroupName}, which refers to this
 * trail's log group when the stack creates one of that name, so Terraform creates it first.
 */
export class CloudTrailLogGroup extends Construct {
  /** The trail of the stack, created on first use; asking again with other settings is an error. */
  static of(scope: Construct, props: CloudTrailLogGroupProps): CloudTrailLogGroup {
    const existing = CloudTrailLogGroup.inStack(scope);
    if (!existing) return new CloudTrailLogGroup(TerraformStack.of(scope), CloudTrailLogGroup.id, props);
    if (existing.logGroupName !== props.logGroupName || existing.logRetentionDays !== props.logRetentionDays) {
      throw new Error(
        `${props.requestedBy}: createTrail asks for a trail delivering to ${props.logGroupName} (${props.logRetentionDays} days), ` +
          `but ${existing.requestedBy} already creates the stack's trail delivering to ${existing.logGroupName} (${existing.logRetentionDays} days). ` +
          'An account needs one: set createTrail in one guard and the same trailLogGroupName in the other.',
      );
    }
    return existing;
  }

  /** The trail the stack creates, if any guard asked for one. */
  static inStack(scope: Construct): CloudTrailLogGroup | undefined {
    const existing = TerraformStack.of(scope).node.tryFindChild(CloudTrailLogGroup.id);
    return existing instanceof CloudTrailLogGroup ? existing : undefined;
  }

  private static readonly id = 'cloudtrail-log-group';

  readonly trail: Cloudtrail;
  readonly logGroup: CloudwatchLogGroup;
  readonly bucket: S3Bucket;
  /** Literal ARN, known at synth. */
  readonly trailArn: string;
  readonly logGroupName: string;
  private readonly logRetentionDays: number;
  private readonly requestedBy: string;

  private constructor(scope: Construct, id: string, props: CloudTrailLogGroupProps) {
    super(scope, id);
    const { environment, namePrefix } = props;
    const account = environment.accountId;
    this.logGroupName = props.logGroupName;
    this.logRetentionDays = props.logRetentionDays;
    this.requestedBy = props.requestedBy;
    const trailName = `${namePrefix}-trail`;
    this.trailArn = arnFor(environment, 'cloudtrail', `trail/${trailName}`);
    const thisTrailOnly = { 'aws:SourceArn': this.trailArn };

    // Bucket names are global; Terraform adds a unique suffix to the prefix (at most 37 characters).
    const shortPrefix = Token.isUnresolved(namePrefix) ? Fn.substr(namePrefix, 0, 30) : namePrefix.slice(0, 30);
    this.bucket = new S3Bucket(this, 'bucket', { bucketPrefix: `${shortPrefix}-trail-` });
    makeBucketPrivate(this, this.bucket, props.key.arn);
    props.key.allowCloudTrail(this.trailArn);
    // Log file validation detects a changed or deleted log file; versioning keeps the original.
    new S3BucketVersioning(this, 'versioning', { bucket: this.bucket.id, versioningConfiguration: { status: 'Enabled' } });
    const bucketPolicy = new S3BucketPolicy(this, 'bucket-policy', {
      bucket: this.bucket.id,
      // The statements CloudTrail documents for its bucket, for this trail only.
      policy: resourcePolicyJson([
        {
          sid: 'CloudTrailChecksBucketAcl',
          principal: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['s3:GetBucketAcl'],
          resources: [this.bucket.arn],
          conditions: { StringEquals: thisTrailOnly },
        },
        {
          sid: 'CloudTrailWritesThisTrailOnly',
          principal: { Service: 'cloudtrail.amazonaws.com' },
          actions: ['s3:PutObject'],
          resources: [`${this.bucket.arn}/AWSLogs/${account}/*`],
          conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control', ...thisTrailOnly } },
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principal: '*',
          actions: ['s3:*'],
          resources: [this.bucket.arn, `${this.bucket.arn}/*`],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: props.logGroupName,
      retentionInDays: props.logRetentionDays,
      kmsKeyId: props.key.arn,
    });

    const logGroupArn = arnFor(environment, 'logs', `log-group:${props.logGroupName}`);
    const deliveryRole = new IamRole(this, 'delivery-role', {
      name: accountGlobalName(environment, `${namePrefix}-trail-to-logs`),
      description: `Lets CloudTrail trail ${trailName} write to log group ${props.logGroupName}`,
      // No condition: CloudTrail documents none for this role, and only a principal of this account
      // can pass the role to a trail (iam:PassRole), so no other account's trail can use it.
      assumeRolePolicy: resourcePolicyJson([
        { sid: 'CloudTrailAssumesRole', principal: { Service: 'cloudtrail.amazonaws.com' }, actions: ['sts:AssumeRole'], resources: [] },
      ]),
    });
    const deliveryPolicy = new IamRolePolicy(this, 'delivery-policy', {
      name: `${namePrefix}-trail-to-logs`,
      role: deliveryRole.id,
      policy: identityPolicyJson([
        { sid: 'WriteTrailLogStreams', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [`${logGroupArn}:log-stream:*`] },
      ]),
    });

    this.trail = new Cloudtrail(this, 'trail', {
      name: trailName,
      s3BucketName: this.bucket.id,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      // Log files encrypted with the stack's key (SSE-KMS): reading them needs kms:Decrypt too.
      kmsKeyId: props.key.arn,
      enableLogging: true,
      cloudWatchLogsGroupArn: `${this.logGroup.arn}:*`,
      cloudWatchLogsRoleArn: deliveryRole.arn,
      // CloudTrail checks at creation that it can write to the bucket and the log group.
      dependsOn: [bucketPolicy, deliveryPolicy],
    });
  }
}

/**
 * The log group name a guard should use for a trail's log group: a reference to the stack's own
 * trail log group when the stack creates one of this name (so that Terraform creates it before
 * filters on it), else the name as given (an existing log group). Resolved at synth, so the guard
 * that creates the trail may come after the one that reads it.
 */
export function trailLogGroupName(scope: Construct, logGroupName: string): string {
  return Lazy.stringValue({
    produce: () => {
      const trail = CloudTrailLogGroup.inStack(scope);
      return trail && trail.logGroupName === logGroupName ? trail.logGroup.name : logGroupName;
    },
  });
}
