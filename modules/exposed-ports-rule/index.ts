import { Construct } from 'constructs';
import { addFunctionOutputs } from '../common/function-outputs';
import type { GuardWiring } from '../common/guard-definition';
import { TerraformOutput } from 'cdktf';
import { GuardConfigRule } from '../common/config-rule';
import { ConfigRecorderSetup } from '../common/config-recorder';
import { GuardFunction } from '../common/guard-function';
import { writeConfigRuleEnvironment } from '../../handlers/config-rule/contract';
import { ruleParametersText } from '../common/token-text';
import { validateSettings } from '../common/validate-settings';
import { exposedPortsRuleStatements } from './permissions';
import { exposedPortsRuleParameters } from '../../handlers/exposed-ports-rule/contract';
import { ExposedPortsRuleSettings, exposedPortsRuleDefaults, exposedPortsRuleSettingsSchema } from './settings';

export type { AllowedException, ExposedPortsRuleSettings, PortSpec } from './settings';

export const exposedPortsRuleGuardName = 'exposed-ports-rule';

/** The resource types the rule evaluates on each configuration change. */
export const exposedPortsResourceTypes = ['AWS::EC2::SecurityGroup', 'AWS::EC2::Instance'] as const;

export type ExposedPortsRuleProps = ExposedPortsRuleSettings & GuardWiring;

/**
 * An AWS Config custom rule: a security group, or an instance through the groups of its network
 * interfaces, is NON_COMPLIANT when it lets `0.0.0.0/0` or `::/0` reach a forbidden port or range.
 * Evaluated on every change and periodically over every group of the region. See README.md beside
 * this file.
 *
 * @example
 * new ExposedPortsRule(stack, 'exposed-ports-rule', {
 *   environment: { accountId: '123456789012', region: 'eu-west-1' },
 *   namePrefix: 'guards', key, alertTopic,
 *   forbiddenPorts: [22, 3389, '6000-6063'],
 *   allowedExceptions: [{ groupId: 'sg-0123456789abcdef0', port: 22 }],
 * });
 */
export class ExposedPortsRule extends Construct {
  readonly function: GuardFunction;
  readonly configRule: GuardConfigRule;

  constructor(scope: Construct, id: string, props: ExposedPortsRuleProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(exposedPortsRuleGuardName, exposedPortsRuleSettingsSchema, given);
    const settings = { ...exposedPortsRuleDefaults, ...given };
    const functionName = `${namePrefix}-${exposedPortsRuleGuardName}`;

    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: exposedPortsRuleGuardName,
      description: 'AWS Config rule: security groups and instances that expose forbidden ports to the internet',
      key,
      alertTopic,
      statements: exposedPortsRuleStatements(environment),
      // The periodic sweep pages through every group of the region and reports in batches of 100.
      timeoutSeconds: 300,
      variables: writeConfigRuleEnvironment({ serviceName: exposedPortsRuleGuardName }),
    });

    this.configRule = new GuardConfigRule(this, 'config-rule', {
      environment,
      ruleName: `${namePrefix}-exposed-ports`,
      description: 'NON_COMPLIANT when a security group, or an instance through its groups, lets 0.0.0.0/0 or ::/0 reach a forbidden port',
      function: this.function,
      resourceTypes: exposedPortsResourceTypes,
      inputParameters: ruleParametersText(exposedPortsRuleParameters(settings)),
      periodicFrequency: settings.periodicFrequency,
      recorder: settings.createConfigRecorder ? ConfigRecorderSetup.of(this, { environment, namePrefix }) : undefined,
    });

    new TerraformOutput(this, 'config-rule-name', {
      description: 'AWS Config rule that reports security groups and instances exposing forbidden ports',
      value: this.configRule.rule.name,
    });
    addFunctionOutputs(this, this.function, {
      does: 'evaluates the exposed-ports Config rule',
      unhandled: 'the Config invocations the exposed-ports function',
    });
  }
}
