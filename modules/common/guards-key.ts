import { Construct } from 'constructs';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { AwsEnvironment, arnFor } from './aws-environment';
import { resourcePolicyJson } from './iam-policy';

export interface GuardsKeyProps {
  readonly environment: AwsEnvironment;
  /** Prefix of every resource name in the stack, e.g. `guards`. */
  readonly namePrefix: string;
}

/**
 * The customer-managed KMS key that encrypts the alert topic, the failure queues and the guard log
 * groups of one stack. One key per stack keeps the key policy short and the blast radius one
 * account and region.
 */
export class GuardsKey extends Construct {
  readonly key: KmsKey;
  readonly arn: string;

  constructor(scope: Construct, id: string, props: GuardsKeyProps) {
    super(scope, id);
    const { environment } = props;
    const account = environment.accountId;
    const sourceAccount = { StringEquals: { 'aws:SourceAccount': account } };
    const encryptDecrypt = ['kms:Decrypt', 'kms:GenerateDataKey'];

    const policy = resourcePolicyJson([
      {
        // Without this statement nobody, not even the account's administrators, could manage the key.
        sid: 'AccountAdministersKeyThroughIam',
        principal: { AWS: arnFor(environment, 'iam', 'root', { global: true }) },
        actions: ['kms:*'],
        resources: ['*'],
      },
      {
        // CloudWatch alarms publish to the encrypted alert topic.
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principal: { Service: 'cloudwatch.amazonaws.com' },
        actions: encryptDecrypt,
        resources: ['*'],
        conditions: sourceAccount,
      },
      {
        // EventBridge rules publish to the encrypted alert topic.
        sid: 'EventBridgePublishesToEncryptedTopic',
        principal: { Service: 'events.amazonaws.com' },
        actions: encryptDecrypt,
        resources: ['*'],
        conditions: sourceAccount,
      },
      {
        // CloudWatch Logs encrypts the guard log groups of this account and region only.
        sid: 'CloudWatchLogsEncryptsGuardLogGroups',
        principal: { Service: `logs.${environment.region}.amazonaws.com` },
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: {
          ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arnFor(environment, 'logs', 'log-group:*') },
        },
      },
    ]);

    this.key = new KmsKey(this, 'key', {
      description: `${props.namePrefix}: encrypts alert topics, failure queues and logs of the security guards`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy,
    });
    new KmsAlias(this, 'alias', {
      name: `alias/${props.namePrefix}`,
      targetKeyId: this.key.keyId,
    });
    this.arn = this.key.arn;
  }
}
