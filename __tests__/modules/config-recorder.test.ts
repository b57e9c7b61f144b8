import { Testing } from 'cdktf';
import { ConfigConfigurationRecorder } from '@cdktf/provider-aws/lib/config-configuration-recorder';
import { ConfigConfigurationRecorderStatus } from '@cdktf/provider-aws/lib/config-configuration-recorder-status';
import { ConfigDeliveryChannel } from '@cdktf/provider-aws/lib/config-delivery-channel';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { ExposedPortsRule } from '../../modules/exposed-ports-rule';
import { InactiveUserRule } from '../../modules/inactive-user-rule';
import { guardWiring, resourcesOf } from '../helpers/guard-scope';

/** Both Config rules in one (home-region) stack, both asking for a recorder. */
const synthesized = Testing.synthScope((scope) => {
  const wiring = guardWiring(scope);
  new ExposedPortsRule(scope, 'exposed-ports-rule', { ...wiring, createConfigRecorder: true });
  new InactiveUserRule(scope, 'inactive-user-rule', { ...wiring, createConfigRecorder: true });
});

describe('ConfigRecorderSetup (createConfigRecorder)', () => {
  it('creates one recorder per stack, recording exactly the types of every rule that asked', () => {
    expect(resourcesOf(synthesized, 'aws_config_configuration_recorder')).toHaveLength(1);
    expect(synthesized).toHaveResourceWithProperties(ConfigConfigurationRecorder, {
      name: 'test-recorder',
      recording_group: {
        all_supported: false,
        include_global_resource_types: false,
        resource_types: ['AWS::EC2::Instance', 'AWS::EC2::SecurityGroup', 'AWS::IAM::User'],
        recording_strategy: [{ use_only: 'INCLUSION_BY_RESOURCE_TYPES' }],
      },
    });
    expect(synthesized).toHaveResourceWithProperties(ConfigConfigurationRecorderStatus, { is_enabled: true });
  });

  it('makes both rules wait for recording to start', () => {
    for (const rule of resourcesOf(synthesized, 'aws_config_config_rule')) {
      expect(rule.depends_on).toContainEqual(expect.stringMatching(/^aws_config_configuration_recorder_status\.config-recorder_status_/));
    }
  });

  it('delivers to an encrypted, private, owner-enforced bucket whose policy admits Config for this account only, over TLS', () => {
    expect(synthesized).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }],
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(synthesized).toHaveResourceWithProperties(S3BucketOwnershipControls, { rule: { object_ownership: 'BucketOwnerEnforced' } });
    expect(synthesized).toHaveResource(ConfigDeliveryChannel);
    const [bucketPolicy] = resourcesOf(synthesized, 'aws_s3_bucket_policy');
    const statements = JSON.parse(String(bucketPolicy.policy)).Statement as {
      Sid: string;
      Principal: unknown;
      Resource: unknown;
      Condition: Record<string, Record<string, string>>;
    }[];
    expect(statements.map((statement) => statement.Sid)).toEqual(['ConfigChecksBucketAcl', 'ConfigDeliversThisAccountOnly', 'DenyInsecureTransport']);
    const delivery = statements[1];
    expect(delivery.Principal).toEqual({ Service: 'config.amazonaws.com' });
    expect(delivery.Resource).toMatch(/\/AWSLogs\/111122223333\/Config\/\*$/);
    expect(delivery.Condition.StringEquals).toEqual({ 'aws:SourceAccount': '111122223333', 's3:x-amz-acl': 'bucket-owner-full-control' });
  });

  it('gives the recorder a role only Config can assume for this account, with the AWS_ConfigRole policy', () => {
    const role = resourcesOf(synthesized, 'aws_iam_role').find((candidate) => candidate.name === 'test-config-recorder-eu-west-1');
    expect(JSON.parse(String(role?.assume_role_policy)).Statement[0]).toMatchObject({
      Principal: { Service: 'config.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
    });
    expect(synthesized).toHaveResourceWithProperties(IamRolePolicyAttachment, {
      policy_arn: 'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole',
    });
  });
});
