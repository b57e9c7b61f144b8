import { Construct } from 'constructs';
import { Lazy } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { AwsEnvironment, arnFor, partitionOf } from './aws-environment';
import { PolicyStatement, resourcePolicyJson } from './iam-policy';

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
  /** Statements added by the stack's guards (e.g. a trail that encrypts its log files). */
  private readonly extraStatements: (PolicyStatement & { readonly principal: unknown })[] = [];
  private readonly environment: AwsEnvironment;

  constructor(scope: Construct, id: string, props: GuardsKeyProps) {
    super(scope, id);
    const { environment } = props;
    this.environment = environment;
    const account = environment.accountId;
    const sourceAccount = { StringEquals: { 'aws:SourceAccount': account } };
    const encryptDecrypt = ['kms:Decrypt', 'kms:GenerateDataKey'];

    const baseStatements: (PolicyStatement & { readonly principal: unknown })[] = [
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
    ];
    // Resolved at synth's end, so that a guard added later can still add its statement.
    const policy = Lazy.stringValue({ produce: () => resourcePolicyJson([...baseStatements, ...this.extraStatements]) });

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

  /**
   * Lets EventBridge rules of this account publish to one encrypted topic: SNS needs the publishing
   * service allowed in the key policy of a customer managed key
   * (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services),
   * scoped to this account's rules and to that topic (SNS's encryption context names it).
   */
  allowEventBridgeToEncryptTopic(topicArn: string): void {
    const sid = 'EventBridgePublishesToEncryptedTopic';
    const existing = this.extraStatements.find((statement) => statement.sid === sid);
    const topics = [
      ...new Set([...((existing?.conditions?.StringEquals?.['kms:EncryptionContext:aws:sns:topicArn'] as readonly string[] | undefined) ?? []), topicArn]),
    ].sort();
    const statement = {
      sid,
      principal: { Service: 'events.amazonaws.com' },
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': this.environment.accountId, 'kms:EncryptionContext:aws:sns:topicArn': topics } },
    };
    if (existing) this.extraStatements.splice(this.extraStatements.indexOf(existing), 1, statement);
    else this.extraStatements.push(statement);
  }

  /**
   * Lets EventBridge rules of this account put the events they could not deliver into one encrypted
   * dead-letter queue: with a customer managed key, its policy must allow EventBridge
   * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html), scoped to this
   * account's rules and to that queue (SQS's encryption context names it).
   */
  allowEventBridgeToEncryptQueue(queueArn: string): void {
    this.extraStatements.push({
      sid: 'EventBridgeWritesDeadLetterQueue',
      principal: { Service: 'events.amazonaws.com' },
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { StringEquals: { 'aws:SourceAccount': this.environment.accountId, 'kms:EncryptionContext:aws:sqs:arn': queueArn } },
    });
  }

  /**
   * Lets one CloudTrail trail of this account encrypt its log files with the key (SSE-KMS), as the
   * CloudTrail documentation's key policy does, for that trail only (`aws:SourceArn`).
   */
  allowCloudTrail(trailArn: string): void {
    const thisTrail = { StringEquals: { 'aws:SourceArn': trailArn } };
    this.extraStatements.push(
      {
        sid: 'CloudTrailEncryptsThisTrailsLogs',
        principal: { Service: 'cloudtrail.amazonaws.com' },
        actions: ['kms:GenerateDataKey'],
        resources: ['*'],
        conditions: {
          ...thisTrail,
          // A multi-region trail's log files carry the trail's ARN, whatever region they come from.
          StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': `arn:${partitionOf(this.environment)}:cloudtrail:*:${this.environment.accountId}:trail/*` },
        },
      },
      {
        sid: 'CloudTrailDescribesKey',
        principal: { Service: 'cloudtrail.amazonaws.com' },
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: thisTrail,
      },
    );
  }
}
