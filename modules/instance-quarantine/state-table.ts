import { Construct } from 'constructs';
import { DynamodbResourcePolicy } from '@cdktf/provider-aws/lib/dynamodb-resource-policy';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { resourcePolicyJson } from '../common/iam-policy';
import { stateTableKeys } from '../../handlers/instance-quarantine/contract';

export interface QuarantineStateTableProps {
  readonly environment: AwsEnvironment;
  readonly tableName: string;
  readonly key: GuardsKey;
  /** The only principals that may write items: the guard's roles, and the deployer if named. */
  readonly writerArns: readonly string[];
}

/** Every API that changes items; reads stay governed by IAM alone. */
export const stateTableWriteActions = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:PartiQLInsert',
  'dynamodb:PartiQLUpdate',
  'dynamodb:PartiQLDelete',
] as const;

/**
 * What a release restores, and what the quarantine must not forget on a re-run, kept where the
 * watched account cannot forge it (instance tags can be written by anyone with ec2:CreateTags):
 * an encrypted table whose resource policy denies item writes to every principal but the guard's.
 */
export class QuarantineStateTable extends Construct {
  readonly table: DynamodbTable;
  /** Literal, known at synth, for the roles' policies. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: QuarantineStateTableProps) {
    super(scope, id);
    this.arn = arnFor(props.environment, 'dynamodb', `table/${props.tableName}`);
    this.table = new DynamodbTable(this, 'table', {
      name: props.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: stateTableKeys.partitionKey,
      attribute: [{ name: stateTableKeys.partitionKey, type: 'S' }],
      serverSideEncryption: { enabled: true, kmsKeyArn: props.key.arn },
      // The record of what an instance looked like before its quarantine is evidence too.
      pointInTimeRecovery: { enabled: true },
      ttl: { attributeName: stateTableKeys.expiresAt, enabled: true },
    });
    new DynamodbResourcePolicy(this, 'policy', {
      resourceArn: this.table.arn,
      policy: resourcePolicyJson([
        {
          sid: 'OnlyTheGuardWritesItsState',
          effect: 'Deny',
          principal: '*',
          actions: [...stateTableWriteActions],
          resources: [this.arn],
          conditions: { ArnNotEquals: { 'aws:PrincipalArn': [...props.writerArns] } },
        },
      ]),
    });
  }
}
