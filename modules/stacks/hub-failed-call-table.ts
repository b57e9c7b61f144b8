import { Construct } from 'constructs';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { hubFailedCallTableName } from '../common/hub-names';
import { PolicyStatement } from '../common/iam-policy';
import { writeEnvironment } from '../../handlers/common/contract';
import { apiCallAlertEnvironment, failedCallTableKeys } from '../../handlers/cloudtrail-alert/contract';

/**
 * The hub region's failed-call table (hub key, pay per request, TTL): where the cloudtrail-alert
 * functions of the region (the tamper alert and the alert-only CloudTrail guards) count each
 * member caller's failed calls, so that a flood of them becomes one alert and one digest per
 * window (docs/hub-mode.md, "Floods of failed calls").
 */
export class HubFailedCallTable extends Construct {
  readonly tableName: string;
  private readonly tableArn: string;

  constructor(scope: Construct, id: string, props: { readonly environment: AwsEnvironment; readonly namePrefix: string; readonly key: GuardsKey }) {
    super(scope, id);
    this.tableName = hubFailedCallTableName(props.namePrefix);
    this.tableArn = arnFor(props.environment, 'dynamodb', `table/${this.tableName}`);
    new DynamodbTable(this, 'table', {
      name: this.tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: failedCallTableKeys.partitionKey,
      attribute: [{ name: failedCallTableKeys.partitionKey, type: 'S' }],
      serverSideEncryption: { enabled: true, kmsKeyArn: props.key.arn },
      ttl: { attributeName: failedCallTableKeys.expiresAt, enabled: true },
    });
  }

  /** The one grant a function counting into it needs: UpdateItem (counting and claiming a window are both updates). */
  get statement(): PolicyStatement {
    return { sid: 'CountsFailedCalls', actions: ['dynamodb:UpdateItem'], resources: [this.tableArn] };
  }

  /** The variable naming the table, as the cloudtrail-alert contract reads it. */
  get variables(): Record<string, string> {
    const spec = { failedCallTableName: apiCallAlertEnvironment.failedCallTableName };
    return writeEnvironment(spec, { failedCallTableName: this.tableName });
  }
}
