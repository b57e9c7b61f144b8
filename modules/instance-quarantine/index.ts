import { Construct } from 'constructs';
import { addFunctionOutputs } from '../common/function-outputs';
import type { GuardWiring } from '../common/guard-definition';
import { TerraformOutput, Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogSubscriptionFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { arnFor } from '../common/aws-environment';
import { GuardFunction } from '../common/guard-function';
import { jsonText, settingText } from '../common/token-text';
import { validateSettings } from '../common/validate-settings';
import { QuarantinePlacement, alarmedInstanceIds, quarantineVariables, releaseVariables } from './environment';
import { instanceQuarantineGuardName, instanceReleaseHandlerName } from './names';
import { CloudWatchAgentSetup } from './cloudwatch-agent-setup';
import { addInstanceLogAlarm } from './instance-log-alarm';
import { QuarantinePermissionScope, instanceQuarantineStatements, instanceReleaseStatements } from './permissions';
import { RevocationPolicy } from './revocation-policy';
import { QuarantineStateTable } from './state-table';
import { checkReleaseApprovers } from './release-approvers';
import { DeployerIdentity } from '../common/deployer-identity';
import { InstanceQuarantineSettings, instanceQuarantineDefaults, instanceQuarantineSettingsSchema } from './settings';

export type { InstanceQuarantineSettings, AlarmedInstance } from './settings';

export { instanceQuarantineGuardName, instanceReleaseHandlerName } from './names';

export interface InstanceQuarantineProps extends InstanceQuarantineSettings, GuardWiring {
  /**
   * The role that deploys the stacks (the config's `roleArn`), when there is one: the guard may
   * never attach or detach a policy on it, and it may write the state table.
   */
  readonly deployerRoleArn?: string;
}

/**
 * Contains a compromised EC2 instance: detaches its instance profile, revokes the credentials it
 * was issued, moves every network interface to an isolation group, snapshots its volumes, tags it
 * and reports. Triggered by an application-log alarm, a log subscription over a fleet, or a
 * GuardDuty finding. See README.md beside this file.
 *
 * @example
 * new InstanceQuarantine(stack, 'instance-quarantine', {
 *   environment: { accountId: '123456789012', region: 'eu-west-1' },
 *   namePrefix: 'guards', key, alertTopic,
 *   alarmInstances: [{ instanceId: 'i-0123456789abcdef0', logGroupName: '/app/web-01' }],
 * });
 */
export class InstanceQuarantine extends Construct {
  readonly function: GuardFunction;
  readonly releaseFunction: GuardFunction;
  readonly stateTable: QuarantineStateTable;
  readonly revocationPolicy: RevocationPolicy;

  constructor(scope: Construct, id: string, props: InstanceQuarantineProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, deployerRoleArn, ...given } = props;
    validateSettings(instanceQuarantineGuardName, instanceQuarantineSettingsSchema, given);
    const settings = { ...instanceQuarantineDefaults, ...given };
    const functionName = `${namePrefix}-${instanceQuarantineGuardName}`;
    const releaseFunctionName = `${namePrefix}-${instanceReleaseHandlerName}`;
    const alarmNamePrefix = `${namePrefix}-quarantine-`;
    const roleArn = (name: string) => arnFor(environment, 'iam', `role/${name}`, { global: true });

    const guardRoleArns = [roleArn(functionName), roleArn(releaseFunctionName)];
    checkReleaseApprovers(instanceQuarantineGuardName, settings.releaseApprovers, environment.accountId, guardRoleArns);
    // The stack's deployer (the config's roleArn) guards the table's policy even where the props name none.
    const tableDeployerArn = deployerRoleArn ?? DeployerIdentity.roleArnOf(this);

    this.revocationPolicy = new RevocationPolicy(this, 'revocation-policy', { environment, namePrefix });
    this.stateTable = new QuarantineStateTable(this, 'state-table', {
      environment,
      tableName: `${namePrefix}-quarantine-state`,
      key,
      // GuardFunction names each role after its function.
      writerArns: [...guardRoleArns, ...(deployerRoleArn ? [deployerRoleArn] : [])],
      approverArns: settings.releaseApprovers,
      ...(tableDeployerArn ? { deployerArn: tableDeployerArn } : {}),
    });
    const permissionScope: QuarantinePermissionScope = {
      environment,
      namePrefix,
      alertTopicArn: alertTopic.arn,
      stateTableArn: this.stateTable.arn,
      revocationPolicyArn: this.revocationPolicy.arn,
      alarmNamePrefix,
      networkAclDeny: settings.networkAclDeny,
      ...(deployerRoleArn ? { deployerRoleArn } : {}),
    };
    const placement: QuarantinePlacement = {
      namePrefix,
      alertTopicArn: alertTopic.arn,
      stateTableName: this.stateTable.table.name,
      revocationPolicy: { revocationPolicyArn: this.revocationPolicy.policy.arn },
      releaseFunctionName,
      alarmedInstances: alarmedInstanceIds(settings),
    };

    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: instanceQuarantineGuardName,
      description: 'Contains a compromised EC2 instance and reports what it did',
      key,
      alertTopic,
      statements: instanceQuarantineStatements(permissionScope),
      // Snapshots and several calls per network interface; EC2 calls can be slow under load.
      timeoutSeconds: 300,
      reservedConcurrency: settings.reservedConcurrency,
      variables: quarantineVariables(settings, placement),
    });

    this.releaseFunction = new GuardFunction(this, 'release-function', {
      environment,
      functionName: releaseFunctionName,
      handlerName: instanceReleaseHandlerName,
      description: 'Releases a quarantined EC2 instance to the state the quarantine recorded',
      key,
      alertTopic,
      statements: instanceReleaseStatements(permissionScope),
      timeoutSeconds: 120,
      variables: releaseVariables(settings, placement),
    });

    const logGroupProps = { retentionInDays: settings.logRetentionDays, kmsKeyId: key.arn };

    if (settings.alarmTrigger && settings.alarmInstances.length > 0) {
      const alarmNames = settings.alarmInstances.map((instance) => {
        const alarmName = `${alarmNamePrefix}${instance.instanceId}`;
        const logGroup = settings.createLogGroups
          ? new CloudwatchLogGroup(this, `alarm-log-group-${instance.instanceId}`, { name: instance.logGroupName, ...logGroupProps })
          : undefined;
        addInstanceLogAlarm(this, {
          alarmName,
          instance,
          logGroupName: logGroup ? logGroup.name : instance.logGroupName,
          settings,
          alarmActions: [alertTopic.arn],
        });
        alertTopic.allowAlarm(alarmName);
        return alarmName;
      });
      // The function also publishes its reports to this topic: the filter keeps them, and every
      // other alarm, from invoking it again.
      new SnsTopicSubscription(this, 'alarm-subscription', {
        topicArn: alertTopic.arn,
        protocol: 'lambda',
        endpoint: this.function.function.arn,
        filterPolicyScope: 'MessageBody',
        filterPolicy: JSON.stringify({ AlarmName: alarmNames }),
      });
      this.function.allowInvocation('alert-topic', 'sns.amazonaws.com', alertTopic.arn);
    }

    if (settings.fleetTrigger) {
      const fleetLogGroup = settings.createLogGroups
        ? new CloudwatchLogGroup(this, 'fleet-log-group', { name: settings.logGroupName, ...logGroupProps })
        : undefined;
      const logGroupArn = arnFor(environment, 'logs', `log-group:${settings.logGroupName}`);
      const permission = this.function.allowInvocation('fleet-logs', 'logs.amazonaws.com', `${logGroupArn}:*`);
      new CloudwatchLogSubscriptionFilter(this, 'fleet-subscription', {
        name: `${functionName}-fleet`,
        logGroupName: fleetLogGroup ? fleetLogGroup.name : settings.logGroupName,
        filterPattern: settings.filterPattern,
        destinationArn: this.function.function.arn,
        dependsOn: [permission],
      });
    }

    if (settings.guardDutyTrigger) {
      const ruleName = `${functionName}-guardduty`;
      const rule = new CloudwatchEventRule(this, 'guardduty-rule', {
        name: ruleName,
        description: `GuardDuty findings about an EC2 instance or its stolen credentials with severity >= ${settingText(settings.guardDutyMinSeverity)}`,
        eventPattern: jsonText(
          {
            source: ['aws.guardduty'],
            'detail-type': ['GuardDuty Finding'],
            detail: {
              // AccessKey: stolen instance credentials (InstanceCredentialExfiltration); the handler ignores other access-key findings.
              resource: { resourceType: ['Instance', 'AccessKey'] },
              severity: [{ numeric: ['>=', settings.guardDutyMinSeverity] }],
            },
          },
          Token.isUnresolved(settings.guardDutyMinSeverity),
        ),
      });
      new CloudwatchEventTarget(this, 'guardduty-target', {
        rule: rule.name,
        targetId: 'quarantine',
        arn: this.function.function.arn,
      });
      this.function.allowInvocation('guardduty', 'events.amazonaws.com', rule.arn);
    }

    addFunctionOutputs(this, this.function, {
      does: 'quarantines instances (invoke it with {"action": "quarantine", "instanceId": "i-..."})',
      unhandled: 'the events the quarantine function',
    });
    new TerraformOutput(this, 'release-function-name', {
      description:
        'Lambda function that releases a quarantined instance once an approver has written an approval to the state table (invoke it with {"instanceId": "i-..."})',
      value: this.releaseFunction.function.functionName,
    });

    if (settings.agentSetup) {
      new CloudWatchAgentSetup(this, 'agent-setup', {
        environment,
        parameterName: `${functionName}-cloudwatch-agent`,
        logFilePath: settings.agentLogFilePath,
        logGroupName: settings.logGroupName,
        logRetentionDays: settings.logRetentionDays,
        targetTagKey: settings.agentTargetTagKey,
        targetTagValue: settings.agentTargetTagValue,
      });
    }
  }
}
