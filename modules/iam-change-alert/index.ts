import { Construct } from 'constructs';
import { addFunctionOutputs } from '../common/function-outputs';
import type { GuardWiring } from '../common/guard-definition';
import { Annotations, TerraformOutput, Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchLogMetricFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-metric-filter';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { anyMatchInFiveMinutes } from '../common/any-match-alarm';
import { partitionOf } from '../common/aws-environment';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { CloudTrailLogGroup, trailLogGroupName } from '../common/cloudtrail-log-group';
import { GuardFunction } from '../common/guard-function';
import { validateSettings } from '../common/validate-settings';
import { writeApiCallAlertEnvironment } from '../../handlers/cloudtrail-alert/contract';
import { iamChangeEventPattern, iamChangeFilterPattern } from './event-pattern';
import { iamChangeAlertStatements } from './permissions';
import { IamChangeAlertSettings, iamChangeAlertDefaults, iamChangeAlertSettingsSchema } from './settings';

export type { IamChangeAlertSettings } from './settings';

export const iamChangeAlertGuardName = 'iam-change-alert';

/** The region where EventBridge receives the CloudTrail events of IAM (a global service), per partition. */
const globalEventsRegion: Readonly<Record<string, string>> = { aws: 'us-east-1', 'aws-us-gov': 'us-gov-west-1', 'aws-cn': 'cn-north-1' };

export type IamChangeAlertProps = IamChangeAlertSettings & GuardWiring;

/**
 * Alerts when an IAM identity is created or given access (access keys, users, console passwords,
 * group memberships, user policies, roles, policy versions): a classic alarm from a metric filter
 * over the trail's log group, and a detailed alert (who did what to which identity) from an
 * EventBridge rule. IAM is global: deploy it once per account, in the home region, so that every
 * change alerts once. See README.md beside this file.
 *
 * @example
 * new IamChangeAlert(stack, 'iam-change-alert', {
 *   environment: { accountId: '123456789012', region: 'us-east-1' },
 *   namePrefix: 'guards', key, alertTopic,
 *   trailLogGroupName: '/guards/cloudtrail',
 * });
 */
export class IamChangeAlert extends Construct {
  readonly function?: GuardFunction;
  readonly alarm?: CloudwatchMetricAlarm;
  readonly rule?: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: IamChangeAlertProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(iamChangeAlertGuardName, iamChangeAlertSettingsSchema, given);
    const settings = { ...iamChangeAlertDefaults, ...given };
    const functionName = `${namePrefix}-${iamChangeAlertGuardName}`;
    const changesName = `${namePrefix}-iam-changes`;

    if (settings.createTrail) {
      CloudTrailLogGroup.of(this, {
        environment,
        namePrefix,
        key,
        logGroupName: settings.trailLogGroupName,
        logRetentionDays: settings.trailLogRetentionDays,
        requestedBy: iamChangeAlertGuardName,
      });
    }

    if (settings.alarm) {
      const metricName = 'IamIdentityChanges';
      new CloudwatchLogMetricFilter(this, 'metric-filter', {
        name: changesName,
        logGroupName: trailLogGroupName(this, settings.trailLogGroupName),
        pattern: iamChangeFilterPattern(settings.eventNames),
        metricTransformation: { name: metricName, namespace: settings.metricNamespace, value: '1', unit: 'Count' },
      });
      this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
        alarmName: changesName,
        alarmDescription: (
          `An IAM identity was created or given access (${settings.eventNames.join(', ')}). ` +
          `Who and what: the detailed alert, or CloudTrail event history (event source iam.amazonaws.com) in ${globalEventsRegion[partitionOf(environment)] ?? 'the global-events region'}.`
        ).slice(0, 1024),
        namespace: settings.metricNamespace,
        metricName,
        ...anyMatchInFiveMinutes,
        alarmActions: [alertTopic.arn],
      });
      alertTopic.allowAlarm(changesName);
      new TerraformOutput(this, 'alarm-name', { description: 'CloudWatch alarm on IAM identity changes', value: this.alarm.alarmName });
    }

    if (settings.detailedAlert) {
      const expectedRegion = globalEventsRegion[partitionOf(environment)];
      if (!Token.isUnresolved(environment.region) && expectedRegion && environment.region !== expectedRegion) {
        Annotations.of(this).addWarning(
          `${iamChangeAlertGuardName}: EventBridge receives IAM's events in ${expectedRegion} only; the detailed alert in ${environment.region} will stay silent (the alarm works in any region).`,
        );
      }
      this.function = new GuardFunction(this, 'function', {
        environment,
        functionName,
        handlerName: cloudTrailAlertHandlerName,
        description: 'Sends a readable alert of who created or gave access to which IAM identity',
        key,
        alertTopic,
        statements: iamChangeAlertStatements(alertTopic.arn),
        timeoutSeconds: 30,
        memorySizeMb: 128,
        variables: writeApiCallAlertEnvironment({ alertTopicArn: alertTopic.arn, serviceName: iamChangeAlertGuardName }),
      });
      this.rule = new CloudwatchEventRule(this, 'rule', {
        name: changesName,
        description: `IAM calls that create or widen an identity's access: ${settings.eventNames.join(', ')}`.slice(0, 512),
        eventPattern: JSON.stringify(iamChangeEventPattern(settings.eventNames)),
      });
      new CloudwatchEventTarget(this, 'target', { rule: this.rule.name, targetId: 'describe-iam-change', arn: this.function.function.arn });
      this.function.allowInvocation('iam-change-rule', 'events.amazonaws.com', this.rule.arn);
      addFunctionOutputs(this, this.function, { does: 'turns IAM change events into readable alerts', unhandled: 'the IAM change events the function' });
    }
  }
}
