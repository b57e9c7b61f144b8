import { Construct } from 'constructs';
import { TerraformOutput, Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchLogSubscriptionFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { GuardFunction } from '../common/guard-function';
import { GuardsKey } from '../common/guards-key';
import { jsonText, settingText } from '../common/token-text';
import { validateSettings } from '../common/validate-settings';
import { CloudWatchAgentSetup } from './cloudwatch-agent-setup';
import { instanceQuarantineStatements } from './permissions';
import { InstanceQuarantineSettings, instanceQuarantineDefaults, instanceQuarantineSettingsSchema } from './settings';

export type { InstanceQuarantineSettings, AlarmedInstance } from './settings';

export const instanceQuarantineGuardName = 'instance-quarantine';

export interface InstanceQuarantineProps extends InstanceQuarantineSettings {
  /** Account and region the guard is deployed to. */
  readonly environment: AwsEnvironment;
  /** Prefix of every resource name, e.g. `guards`. */
  readonly namePrefix: string;
  /** The stack's KMS key. */
  readonly key: GuardsKey;
  /** The stack's alert topic: receives the alarms and the containment reports. */
  readonly alertTopic: AlertTopic;
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

  constructor(scope: Construct, id: string, props: InstanceQuarantineProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(instanceQuarantineGuardName, instanceQuarantineSettingsSchema, given);
    const settings = { ...instanceQuarantineDefaults, ...given };
    const functionName = `${namePrefix}-${instanceQuarantineGuardName}`;
    const alarmNamePrefix = `${namePrefix}-quarantine-`;

    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: instanceQuarantineGuardName,
      description: 'Contains a compromised EC2 instance and reports what it did',
      key,
      alertTopic,
      statements: instanceQuarantineStatements(environment, alertTopic.arn),
      // Snapshots and several calls per network interface; EC2 calls can be slow under load.
      timeoutSeconds: 300,
      variables: {
        ALERT_TOPIC_ARN: alertTopic.arn,
        DRY_RUN: settingText(settings.dryRun),
        EXEMPT_TAG_KEY: settings.exemptTagKey,
        SNAPSHOT_VOLUMES: settingText(settings.snapshotVolumes),
        FLEET_THRESHOLD: settingText(settings.fleetThreshold),
        GUARDDUTY_MIN_SEVERITY: settingText(settings.guardDutyMinSeverity),
        ISOLATION_GROUP_NAME: `${namePrefix}-quarantine-isolation`,
        ALLOW_ALL_GROUP_NAME: `${namePrefix}-quarantine-allow-all`,
        ALARM_NAME_PREFIX: alarmNamePrefix,
        POWERTOOLS_SERVICE_NAME: instanceQuarantineGuardName,
      },
    });

    const logGroupProps = { retentionInDays: settings.logRetentionDays, kmsKeyId: key.arn };

    if (settings.alarmTrigger && settings.alarmInstances.length > 0) {
      const alarmNames = settings.alarmInstances.map((instance) => {
        const alarmName = `${alarmNamePrefix}${instance.instanceId}`;
        const logGroup = settings.createLogGroups
          ? new CloudwatchLogGroup(this, `alarm-log-group-${instance.instanceId}`, { name: instance.logGroupName, ...logGroupProps })
          : undefined;
        new CloudwatchLogMetricFilter(this, `metric-filter-${instance.instanceId}`, {
          name: alarmName,
          logGroupName: logGroup ? logGroup.name : instance.logGroupName,
          pattern: settings.filterPattern,
          // The classic convention: the metric is named after the instance, which the handler reads back.
          metricTransformation: { name: instance.instanceId, namespace: settings.metricNamespace, value: '1', unit: 'Count' },
        });
        new CloudwatchMetricAlarm(this, `alarm-${instance.instanceId}`, {
          alarmName,
          alarmDescription: `Quarantines ${instance.instanceId} when ${instance.logGroupName} has ${settings.alarmThreshold} or more lines matching "${settings.filterPattern}"`,
          namespace: settings.metricNamespace,
          metricName: instance.instanceId,
          statistic: 'Sum',
          period: settings.alarmPeriodSeconds,
          evaluationPeriods: settings.alarmEvaluationPeriods,
          threshold: settings.alarmThreshold,
          comparisonOperator: 'GreaterThanOrEqualToThreshold',
          treatMissingData: 'notBreaching',
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
        description: `GuardDuty findings about an EC2 instance with severity >= ${settingText(settings.guardDutyMinSeverity)}`,
        eventPattern: jsonText(
          {
            source: ['aws.guardduty'],
            'detail-type': ['GuardDuty Finding'],
            detail: {
              resource: { resourceType: ['Instance'] },
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

    new TerraformOutput(this, 'function-name', {
      description: 'Lambda function that quarantines and releases instances (invoke it with {"action": "release", "instanceId": "i-..."})',
      value: this.function.function.functionName,
    });
    new TerraformOutput(this, 'failure-queue-url', {
      description: 'SQS queue that holds the events the quarantine function could not handle',
      value: this.function.failureQueue.url,
    });

    if (settings.agentSetup) {
      new CloudWatchAgentSetup(this, 'agent-setup', {
        parameterName: `AmazonCloudWatch-${functionName}`,
        logFilePath: settings.agentLogFilePath,
        logGroupName: settings.logGroupName,
        logRetentionDays: settings.logRetentionDays,
        targetTagKey: settings.agentTargetTagKey,
        targetTagValue: settings.agentTargetTagValue,
      });
    }
  }
}
