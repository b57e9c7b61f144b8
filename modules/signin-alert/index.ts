import { Construct } from 'constructs';
import { addFunctionOutputs } from '../common/function-outputs';
import type { GuardWiring } from '../common/guard-definition';
import { TerraformOutput } from 'cdktf';
import { CloudwatchLogSubscriptionFilter } from '@cdktf/provider-aws/lib/cloudwatch-log-subscription-filter';
import { arnFor } from '../common/aws-environment';
import { CloudTrailLogGroup, trailLogGroupName } from '../common/cloudtrail-log-group';
import { GuardFunction } from '../common/guard-function';
import { settingText } from '../common/token-text';
import { validateSettings } from '../common/validate-settings';
import { writeSignInAlertEnvironment } from '../../handlers/signin-alert/contract';
import { signinAlertStatements } from './permissions';
import { SigninAlertSettings, signinAlertDefaults, signinAlertSettingsSchema } from './settings';

export type { SigninAlertSettings } from './settings';

export const signinAlertGuardName = 'signin-alert';

/** CloudTrail gives every console sign-in record (and only those) this event type. */
export const consoleSignInFilterPattern = '{ $.eventType = "AwsConsoleSignIn" }';

export type SigninAlertProps = SigninAlertSettings & GuardWiring;

/**
 * Sends a readable alert for every AWS console sign-in (or only the risky ones): who, root or not,
 * MFA or not, success or failure, from where. Reads the sign-in records of a multi-region trail from
 * its CloudWatch Logs group through a subscription filter, so sign-ins in every region reach one
 * function once. Deploy it once per account, in the home region. See README.md beside this file.
 *
 * @example
 * new SigninAlert(stack, 'signin-alert', {
 *   environment: { accountId: '123456789012', region: 'us-east-1' },
 *   namePrefix: 'guards', key, alertTopic,
 *   createTrail: true,
 * });
 */
export class SigninAlert extends Construct {
  readonly function: GuardFunction;
  readonly subscriptionFilter: CloudwatchLogSubscriptionFilter;

  constructor(scope: Construct, id: string, props: SigninAlertProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(signinAlertGuardName, signinAlertSettingsSchema, given);
    const settings = { ...signinAlertDefaults, ...given };
    const functionName = `${namePrefix}-${signinAlertGuardName}`;

    if (settings.createTrail) {
      CloudTrailLogGroup.of(this, {
        environment,
        namePrefix,
        key,
        logGroupName: settings.trailLogGroupName,
        logRetentionDays: settings.trailLogRetentionDays,
        requestedBy: signinAlertGuardName,
      });
    }

    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: signinAlertGuardName,
      description: 'Sends a readable alert for AWS console sign-ins: who, root, MFA, success or failure, from where',
      key,
      alertTopic,
      statements: signinAlertStatements(alertTopic.arn),
      timeoutSeconds: 30,
      memorySizeMb: 128,
      variables: writeSignInAlertEnvironment(
        { alertTopicArn: alertTopic.arn, serviceName: signinAlertGuardName, riskySignInsOnly: settings.riskySignInsOnly },
        settingText,
      ),
    });

    const logGroupArn = arnFor(environment, 'logs', `log-group:${settings.trailLogGroupName}`);
    const permission = this.function.allowInvocation('trail-logs', 'logs.amazonaws.com', `${logGroupArn}:*`);
    const logGroupName = trailLogGroupName(this, settings.trailLogGroupName);
    this.subscriptionFilter = new CloudwatchLogSubscriptionFilter(this, 'sign-in-subscription', {
      name: functionName,
      logGroupName,
      filterPattern: consoleSignInFilterPattern,
      destinationArn: this.function.function.arn,
      dependsOn: [permission],
    });

    addFunctionOutputs(this, this.function, { does: 'turns console sign-in records into alerts', unhandled: 'the sign-in deliveries the function' });
    new TerraformOutput(this, 'trail-log-group-name', {
      description: 'CloudWatch Logs group of the multi-region trail the guard reads (created by it when createTrail)',
      value: logGroupName,
    });
  }
}
