import { Construct } from 'constructs';
import { addFunctionOutputs } from '../common/function-outputs';
import type { GuardWiring } from '../common/guard-definition';
import { TerraformOutput } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { GuardFunction } from '../common/guard-function';
import { validateSettings } from '../common/validate-settings';
import { writeApiCallAlertEnvironment } from '../../handlers/cloudtrail-alert/contract';
import { sgChangeEventPattern } from './event-pattern';
import { sgChangeAlertStatements } from './permissions';
import { SgChangeAlertSettings, sgChangeAlertDefaults, sgChangeAlertSettingsSchema } from './settings';

export type { SgChangeAlertSettings } from './settings';

export const sgChangeAlertGuardName = 'sg-change-alert';

export type SgChangeAlertProps = SgChangeAlertSettings & GuardWiring;

/**
 * Sends a readable alert for every security-group change in the region (rules authorized, revoked
 * or modified; groups created or deleted): which group, who, and the requested change; failed calls
 * are marked. Deploy it in every region. See README.md beside this file.
 *
 * @example
 * new SgChangeAlert(stack, 'sg-change-alert', {
 *   environment: { accountId: '123456789012', region: 'eu-west-1' },
 *   namePrefix: 'guards', key, alertTopic,
 * });
 */
export class SgChangeAlert extends Construct {
  readonly function: GuardFunction;
  readonly rule: CloudwatchEventRule;

  constructor(scope: Construct, id: string, props: SgChangeAlertProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(sgChangeAlertGuardName, sgChangeAlertSettingsSchema, given);
    const settings = { ...sgChangeAlertDefaults, ...given };
    const functionName = `${namePrefix}-${sgChangeAlertGuardName}`;

    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: cloudTrailAlertHandlerName,
      description: 'Sends a readable alert of who changed which security group, and how',
      key,
      alertTopic,
      statements: sgChangeAlertStatements(alertTopic.arn),
      timeoutSeconds: 30,
      memorySizeMb: 128,
      variables: writeApiCallAlertEnvironment({ alertTopicArn: alertTopic.arn, serviceName: sgChangeAlertGuardName }),
    });
    this.rule = new CloudwatchEventRule(this, 'rule', {
      name: `${namePrefix}-sg-changes`,
      description: `Security-group changes: ${settings.eventNames.join(', ')}`.slice(0, 512),
      eventPattern: JSON.stringify(sgChangeEventPattern(settings.eventNames)),
    });
    new CloudwatchEventTarget(this, 'target', { rule: this.rule.name, targetId: 'describe-sg-change', arn: this.function.function.arn });
    this.function.allowInvocation('sg-change-rule', 'events.amazonaws.com', this.rule.arn);

    addFunctionOutputs(this, this.function, {
      does: 'turns security-group change events into readable alerts',
      unhandled: 'the security-group change events the function',
    });
    new TerraformOutput(this, 'rule-name', {
      description: 'EventBridge rule that selects the security-group changes',
      value: this.rule.name,
    });
  }
}
