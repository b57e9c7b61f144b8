import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { GuardFunction } from '../common/guard-function';
import { GuardsKey } from '../common/guards-key';
import { heartbeatSchedule } from '../common/hub-heartbeat-settings';
import { memberHeartbeatPattern } from '../common/hub-heartbeat-pattern';
import {
  hubAlertTopicArn,
  hubFunctionName,
  hubFunctionRoleName,
  hubHeartbeatCheckRuleName,
  hubHeartbeatTableName,
  memberHeartbeatRuleName,
} from '../common/hub-names';
import { HubMemberDirectoryAccess } from '../common/hub-hooks';
import { PolicyStatement } from '../common/iam-policy';
import { GuardsConfig } from '../config/guards-config';
import { writeMemberAccountEnvironment } from '../../handlers/common/member-account-names';
import { heartbeatRegionsDirectoryField, heartbeatServiceName, heartbeatTableKeys, writeHeartbeatEnvironment } from '../../handlers/heartbeat/contract';
import { HubStackPlan } from './hub-plan';
import { HubRuleDelivery } from './hub-rule-delivery';

export interface HubHeartbeatProps {
  readonly config: GuardsConfig;
  readonly plan: HubStackPlan;
  /** The hub bus's name as written (for ARNs and the dead-letter watch). */
  readonly busName: string;
  /** The bus resource's own reference, so that Terraform creates the bus before its rule. */
  readonly busReference: string;
  readonly key: GuardsKey;
  readonly alertTopic: AlertTopic | undefined;
  readonly delivery: HubRuleDelivery;
  /** Publishing to the home topic from this region. */
  readonly topicStatements: readonly PolicyStatement[];
  /** The region's member directory: the check reads the served accounts and their names there. */
  readonly memberDirectory: HubMemberDirectoryAccess;
}

/**
 * The hub's side of the members' heartbeats in one hub region: a table (hub key, TTL) holding each
 * member account's last beat; the heartbeat function; a rule on the hub bus routing the members'
 * beats to it, and a schedule on this region's default bus asking it for the check. The accounts
 * the check watches are the region's served accounts, listed in the member directory
 * ({@link HubHeartbeat.directoryLists}), which only the deployer writes. Nothing per member: no
 * alarm per member region (170,000 alarms would cost about $17,000 a month).
 */
export class HubHeartbeat extends Construct {
  readonly function: GuardFunction;
  /** The directory's heartbeat list: each account with spokes in this region, watched by this region's check. */
  readonly directoryLists: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

  constructor(scope: Construct, id: string, props: HubHeartbeatProps) {
    super(scope, id);
    const { config, plan, key, delivery } = props;
    const environment: AwsEnvironment = { accountId: plan.account.id, region: plan.region };
    const settings = config.hub!.heartbeat;
    const tableName = hubHeartbeatTableName(config.name);
    const tableArn = arnFor(environment, 'dynamodb', `table/${tableName}`);
    new DynamodbTable(this, 'table', {
      name: tableName,
      billingMode: 'PAY_PER_REQUEST',
      hashKey: heartbeatTableKeys.partitionKey,
      attribute: [{ name: heartbeatTableKeys.partitionKey, type: 'S' }],
      serverSideEncryption: { enabled: true, kmsKeyArn: key.arn },
      ttl: { attributeName: heartbeatTableKeys.expiresAt, enabled: true },
    });
    this.directoryLists = {
      [heartbeatRegionsDirectoryField]: Object.fromEntries(plan.servedAccounts.map((account) => [account.id, [plan.region]])),
    };

    const functionName = hubFunctionName(config.name, heartbeatServiceName);
    const checkRuleName = hubHeartbeatCheckRuleName(config.name);
    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      roleName: hubFunctionRoleName(config, heartbeatServiceName, plan.region),
      handlerName: heartbeatServiceName,
      description: "Records the member regions' heartbeats and alerts on the silent ones, naming each account",
      key,
      alertTopic: props.alertTopic,
      statements: [
        { sid: 'HeartbeatTable', actions: ['dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:UpdateItem'], resources: [tableArn] },
        props.memberDirectory.readStatement,
        ...props.topicStatements,
      ],
      variables: {
        ...writeMemberAccountEnvironment({ directory: props.memberDirectory.location }),
        ...writeHeartbeatEnvironment({
          alertTopicArn: hubAlertTopicArn(config),
          serviceName: heartbeatServiceName,
          tableName,
          memberRuleName: memberHeartbeatRuleName(config.name),
          checkRuleName,
          intervalMinutes: settings.intervalMinutes,
          missedBeats: settings.missedBeats,
        }),
      },
      // A check of 10,000 members scans the table and may write an item per member.
      timeoutSeconds: 300,
    });

    const beatsRuleName = `${config.name}-hub-heartbeats`;
    const beats = new CloudwatchEventRule(this, 'beats-rule', {
      name: beatsRuleName,
      eventBusName: props.busReference,
      description: "The member regions' heartbeats, to the heartbeat function",
      eventPattern: JSON.stringify(memberHeartbeatPattern(config.name)),
    });
    new CloudwatchEventTarget(this, 'beats-target', {
      rule: beats.name,
      eventBusName: props.busReference,
      targetId: heartbeatServiceName,
      arn: this.function.function.arn,
      deadLetterConfig: delivery.watch({ ruleName: beatsRuleName, busName: props.busName }),
    });
    this.function.allowInvocation('beats-rule', 'events.amazonaws.com', arnFor(environment, 'events', `rule/${props.busName}/${beatsRuleName}`));

    const check = new CloudwatchEventRule(this, 'check-rule', {
      name: checkRuleName,
      description: 'Asks the heartbeat function which member regions went silent',
      scheduleExpression: heartbeatSchedule(settings),
    });
    new CloudwatchEventTarget(this, 'check-target', {
      rule: check.name,
      targetId: heartbeatServiceName,
      arn: this.function.function.arn,
      deadLetterConfig: delivery.watch({ ruleName: checkRuleName }),
    });
    this.function.allowInvocation('check-rule', 'events.amazonaws.com', arnFor(environment, 'events', `rule/${checkRuleName}`));
  }
}
