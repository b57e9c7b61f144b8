import { Construct } from 'constructs';
import { Lazy, TerraformStack } from 'cdktf';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { AwsEnvironment, accountGlobalName, partitionOf } from './aws-environment';
import { identityPolicyJson, resourcePolicyJson } from './iam-policy';
import { makeBucketPrivate } from './private-bucket';

export interface ConfigRecorderSetupProps {
  readonly environment: AwsEnvironment;
  /** Prefix of every resource name in the stack, e.g. `guards`. */
  readonly namePrefix: string;
}

/**
 * An AWS Config recorder for the guards' own Config rules, for accounts that have none yet: the
 * recorder, its role, a delivery channel and the bucket it delivers to (S3-managed encryption,
 * private, owner-enforced, TLS only). It records only the resource types the rules need.
 *
 * An account allows one recorder per region, so there is one per stack however many guards ask
 * for it: call {@link ConfigRecorderSetup.of}, then {@link record} with the types a rule needs.
 * Off by default in every guard: most accounts already record (Control Tower, Security Hub).
 */
export class ConfigRecorderSetup extends Construct {
  /** The recorder of the stack, created on first use. */
  static of(scope: Construct, props: ConfigRecorderSetupProps): ConfigRecorderSetup {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(ConfigRecorderSetup.id);
    return existing instanceof ConfigRecorderSetup ? existing : new ConfigRecorderSetup(stack, ConfigRecorderSetup.id, props);
  }

  private static readonly id = 'config-recorder';

  /** Recording started: a Config rule must be created after this. */
  readonly status: ConfigConfigurationRecorderStatus;
  private readonly resourceTypes = new Set<string>();

  private constructor(scope: Construct, id: string, props: ConfigRecorderSetupProps) {
    super(scope, id);
    const { environment, namePrefix } = props;
    const account = environment.accountId;
    const sourceAccount = { StringEquals: { 'aws:SourceAccount': account } };

    // Bucket names are global; Terraform adds a unique suffix to the prefix (at most 37 characters).
    const bucket = new S3Bucket(this, 'bucket', { bucketPrefix: `${namePrefix.slice(0, 29)}-config-` });
    makeBucketPrivate(this, bucket);
    const deliveryPrefix = `${bucket.arn}/AWSLogs/${account}/Config/*`;
    const bucketPolicy = new S3BucketPolicy(this, 'bucket-policy', {
      bucket: bucket.id,
      // The statements AWS Config documents for its delivery bucket, limited to this account.
      policy: resourcePolicyJson([
        {
          sid: 'ConfigChecksBucketAcl',
          principal: { Service: 'config.amazonaws.com' },
          actions: ['s3:GetBucketAcl', 's3:ListBucket'],
          resources: [bucket.arn],
          conditions: sourceAccount,
        },
        {
          sid: 'ConfigDeliversThisAccountOnly',
          principal: { Service: 'config.amazonaws.com' },
          actions: ['s3:PutObject'],
          resources: [deliveryPrefix],
          conditions: { StringEquals: { 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
        {
          sid: 'DenyInsecureTransport',
          effect: 'Deny',
          principal: '*',
          actions: ['s3:*'],
          resources: [bucket.arn, `${bucket.arn}/*`],
          conditions: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ]),
    });

    // IAM is global and each region has its own recorder: the region is part of the role name.
    const role = new IamRole(this, 'role', {
      name: accountGlobalName(environment, `${namePrefix}-config-recorder`),
      description: 'AWS Config recorder of the security guards',
      assumeRolePolicy: resourcePolicyJson([
        {
          sid: 'ConfigAssumesRoleForThisAccount',
          principal: { Service: 'config.amazonaws.com' },
          actions: ['sts:AssumeRole'],
          resources: [],
          conditions: sourceAccount,
        },
      ]),
    });
    new IamRolePolicyAttachment(this, 'role-config-policy', {
      role: role.name,
      policyArn: `arn:${partitionOf(environment)}:iam::aws:policy/service-role/AWS_ConfigRole`,
    });
    const rolePolicy = new IamRolePolicy(this, 'role-delivery-policy', {
      name: 'deliver-to-config-bucket',
      role: role.id,
      policy: identityPolicyJson([
        { sid: 'CheckDeliveryBucket', actions: ['s3:GetBucketAcl'], resources: [bucket.arn] },
        {
          sid: 'DeliverToOwnPrefix',
          actions: ['s3:PutObject'],
          resources: [deliveryPrefix],
          conditions: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
        },
      ]),
    });

    const recorder = new ConfigConfigurationRecorder(this, 'recorder', {
      name: `${namePrefix}-recorder`,
      roleArn: role.arn,
      recordingGroup: {
        allSupported: false,
        includeGlobalResourceTypes: false,
        // Global types such as AWS::IAM::User may be listed here; only the home region asks for them.
        resourceTypes: Lazy.listValue({ produce: () => [...this.resourceTypes].sort() }),
        recordingStrategy: [{ useOnly: 'INCLUSION_BY_RESOURCE_TYPES' }],
      },
    });
    const channel = new ConfigDeliveryChannel(this, 'delivery-channel', {
      name: `${namePrefix}-delivery`,
      s3BucketName: bucket.bucket,
      dependsOn: [recorder, bucketPolicy, rolePolicy],
    });
    this.status = new ConfigConfigurationRecorderStatus(this, 'status', {
      name: recorder.name,
      isEnabled: true,
      dependsOn: [channel],
    });
  }

  /** Records these resource types (e.g. `AWS::EC2::SecurityGroup`) besides those already asked for. */
  record(resourceTypes: readonly string[]): void {
    resourceTypes.forEach((type) => this.resourceTypes.add(type));
  }
}
