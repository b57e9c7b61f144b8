import { Construct } from 'constructs';
import { DynamodbResourcePolicy } from '@cdktf/provider-aws/lib/dynamodb-resource-policy';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { resourcePolicyJson } from '../common/iam-policy';
import { stateTableKeys } from '../../handlers/instance-quarantine/contract';
import { stateTablePolicyStatements } from './state-table-policy';

export interface QuarantineStateTableProps {
  readonly environment: AwsEnvironment;
  readonly tableName: string;
  readonly key: GuardsKey;
  /** The only principals that may write items: the guard's roles, and the deployer if named. */
  readonly writerArns: readonly string[];
  /** The only principals that may write release approvals (and nothing else). */
  readonly approverArns: readonly string[];
  /** The deploying principal, when known: the only one that may change the table's policy or delete it. */
  readonly deployerArn?: string;
}

export { stateTableWriteActions } from './state-table-policy';

/**
 * What a release restores, and what the quarantine must not forget on a re-run, kept where the
 * watched account cannot forge it (instance tags can be written by anyone with ec2:CreateTags):
 * an encrypted table whose resource policy denies item writes to every principal but the guard's,
 * and release approvals to every principal but the configured approvers.
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
      policy: resourcePolicyJson(
        stateTablePolicyStatements({
          tableArn: this.arn,
          writerArns: props.writerArns,
          approverArns: props.approverArns,
          ...(props.deployerArn ? { deployerArn: props.deployerArn } : {}),
        }),
      ),
    });
  }
}
