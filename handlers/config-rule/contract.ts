/**
 * What the Config rule constructs (exposed-ports-rule, inactive-user-rule; standalone and hub) and
 * their functions must agree on: the functions' environment. The rule's own settings travel as its
 * input parameters (handlers/<guard>/contract.ts). Pure: modules/ imports it.
 */
import {
  EnvironmentValues,
  TextOf,
  alertTopicArnVariable,
  optionalVariable,
  readEnvironment,
  serviceNameVariable,
  text,
  writeEnvironment,
} from '../common/contract';

export const configRuleEnvironment = {
  serviceName: serviceNameVariable,
  /** Hub mode only: the organization's topic, whose ARN gives the partition of the member roles. */
  alertTopicArn: optionalVariable(alertTopicArnVariable.name, alertTopicArnVariable.type),
  /** Hub mode: the organization rule's name; an invocation of another rule is dropped (invocation-origin.ts). */
  ruleName: optionalVariable('CONFIG_RULE_NAME', text),
} as const;
export type ConfigRuleEnvironment = EnvironmentValues<typeof configRuleEnvironment>;

export function readConfigRuleEnvironment(env: NodeJS.ProcessEnv = process.env): ConfigRuleEnvironment {
  return readEnvironment(configRuleEnvironment, env);
}
export function writeConfigRuleEnvironment(values: ConfigRuleEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(configRuleEnvironment, values, textOf);
}
