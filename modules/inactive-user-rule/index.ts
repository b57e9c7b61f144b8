import { Construct } from 'constructs';
import { addFunctionOutputs } from '../common/function-outputs';
import type { GuardWiring } from '../common/guard-definition';
import { TerraformOutput } from 'cdktf';
import { GuardConfigRule } from '../common/config-rule';
import { ConfigRecorderSetup } from '../common/config-recorder';
import { GuardFunction } from '../common/guard-function';
import { writeConfigRuleEnvironment } from '../../handlers/config-rule/contract';
import { ruleParametersText, settingText } from '../common/token-text';
import { validateSettings } from '../common/validate-settings';
import { inactiveUserRuleStatements } from './permissions';
import { inactiveUserRuleParameters } from '../../handlers/inactive-user-rule/contract';
import { InactiveUserRuleSettings, inactiveUserRuleDefaults, inactiveUserRuleSettingsSchema } from './settings';

export type { InactiveUserRuleSettings } from './settings';

export const inactiveUserRuleGuardName = 'inactive-user-rule';

export type InactiveUserRuleProps = InactiveUserRuleSettings & GuardWiring;

/**
 * An AWS Config custom rule: an IAM user is NON_COMPLIANT when neither its password nor any of its
 * access keys was used for more than `maxInactiveDays`. Evaluated on every change of a user and
 * periodically over every user of the account from one credential report. IAM is global: deploy
 * it once per account, in the home region. See README.md beside this file.
 *
 * @example
 * new InactiveUserRule(stack, 'inactive-user-rule', {
 *   environment: { accountId: '123456789012', region: 'us-east-1' },
 *   namePrefix: 'guards', key, alertTopic,
 *   maxInactiveDays: 45, newUserGraceDays: 14, exemptUserNames: ['break-glass'],
 * });
 */
export class InactiveUserRule extends Construct {
  readonly function: GuardFunction;
  readonly configRule: GuardConfigRule;

  constructor(scope: Construct, id: string, props: InactiveUserRuleProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(inactiveUserRuleGuardName, inactiveUserRuleSettingsSchema, given);
    const settings = { ...inactiveUserRuleDefaults, ...given };
    const functionName = `${namePrefix}-${inactiveUserRuleGuardName}`;

    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: inactiveUserRuleGuardName,
      description: 'AWS Config rule: IAM users whose password and access keys have not been used for too long',
      key,
      alertTopic,
      statements: inactiveUserRuleStatements(environment),
      // The periodic sweep waits for the credential report and reports in batches of 100.
      timeoutSeconds: 300,
      // A credential report of tens of thousands of users, and the user list, held at once.
      memorySizeMb: 512,
      variables: writeConfigRuleEnvironment({ serviceName: inactiveUserRuleGuardName }),
    });

    this.configRule = new GuardConfigRule(this, 'config-rule', {
      environment,
      ruleName: `${namePrefix}-inactive-users`,
      description: 'NON_COMPLIANT when an IAM user has used neither its password nor an access key for more than maxInactiveDays',
      function: this.function,
      resourceTypes: ['AWS::IAM::User'],
      inputParameters: ruleParametersText(inactiveUserRuleParameters(settings, settingText)),
      periodicFrequency: settings.periodicFrequency,
      recorder: settings.createConfigRecorder ? ConfigRecorderSetup.of(this, { environment, namePrefix }) : undefined,
    });

    new TerraformOutput(this, 'config-rule-name', {
      description: 'AWS Config rule that reports IAM users inactive for longer than maxInactiveDays',
      value: this.configRule.rule.name,
    });
    addFunctionOutputs(this, this.function, {
      does: 'evaluates the inactive-user Config rule',
      unhandled: 'the Config invocations the inactive-user function',
    });
  }
}
