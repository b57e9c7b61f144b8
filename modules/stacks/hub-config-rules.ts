import { Construct } from 'constructs';
import { ConfigOrganizationCustomRule } from '@cdktf/provider-aws/lib/config-organization-custom-rule';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment } from '../common/aws-environment';
import { GuardFunction } from '../common/guard-function';
import { GuardsKey } from '../common/guards-key';
import { PolicyStatement } from '../common/iam-policy';
import { GuardsConfig } from '../config/guards-config';
import { exposedPortsResourceTypes, exposedPortsRuleGuardName } from '../exposed-ports-rule';
import { exposedPortsRuleStatements } from '../exposed-ports-rule/permissions';
import { ruleParametersText, settingText } from '../common/token-text';
import { exposedPortsRuleParameters } from '../../handlers/exposed-ports-rule/contract';
import { exposedPortsRuleDefaults } from '../exposed-ports-rule/settings';
import { inactiveUserRuleGuardName } from '../inactive-user-rule';
import { inactiveUserRuleStatements } from '../inactive-user-rule/permissions';
import { inactiveUserRuleParameters } from '../../handlers/inactive-user-rule/contract';
import { inactiveUserRuleDefaults } from '../inactive-user-rule/settings';
import { writeMemberAccountEnvironment } from '../../handlers/common/member-account-names';
import { writeConfigRuleEnvironment } from '../../handlers/config-rule/contract';
import { accountNamesText, assumeRemediationRoleStatement } from './hub-functions';
import { hubAlertTopicArn, hubFunctionName, hubFunctionRoleName, remediationRoleName } from './hub-names';
import { mergedSettings } from './org-plan';

/**
 * Hub mode with `hub.configRules: organization`: the Config rules run as AWS Config organization
 * custom rules, created by the hub as Config's delegated administrator. Config creates the rule in
 * every account of the organization (less the excluded ones) and invokes the hub's function, which
 * evaluates and reports through the member's read-only role (handlers/config-rule/member-clients.ts).
 */
export const organizationConfigRuleGuards = [exposedPortsRuleGuardName, inactiveUserRuleGuardName] as const;

export function isOrganizationConfigRuleGuard(guardName: string): boolean {
  return (organizationConfigRuleGuards as readonly string[]).includes(guardName);
}

/** The config key of each organization rule guard (the accounts' `enabled: false` excludes them). */
const configKeys: Readonly<Record<string, 'exposedPortsRule' | 'inactiveUserRule'>> = {
  [exposedPortsRuleGuardName]: 'exposedPortsRule',
  [inactiveUserRuleGuardName]: 'inactiveUserRule',
};

/** What the per-account rule of each guard is, shared by both modes: name, scope, parameters, frequency. */
interface RuleShape {
  readonly ruleName: string;
  readonly description: string;
  readonly resourceTypes: readonly string[];
  readonly inputParameters: string;
  readonly periodicFrequency: string;
  readonly memorySizeMb?: number;
}

function ruleShape(config: GuardsConfig, guardName: string, settings: Record<string, unknown>): RuleShape {
  if (guardName === exposedPortsRuleGuardName) {
    const merged = { ...exposedPortsRuleDefaults, ...settings } as typeof exposedPortsRuleDefaults;
    return {
      ruleName: `${config.name}-exposed-ports`,
      description: 'NON_COMPLIANT when a security group, or an instance through its groups, lets 0.0.0.0/0 or ::/0 reach a forbidden port',
      resourceTypes: exposedPortsResourceTypes,
      inputParameters: ruleParametersText(exposedPortsRuleParameters(merged)),
      periodicFrequency: merged.periodicFrequency,
    };
  }
  const merged = { ...inactiveUserRuleDefaults, ...settings } as typeof inactiveUserRuleDefaults;
  return {
    ruleName: `${config.name}-inactive-users`,
    description: 'NON_COMPLIANT when an IAM user has used neither its password nor an access key for more than maxInactiveDays',
    resourceTypes: ['AWS::IAM::User'],
    inputParameters: ruleParametersText(inactiveUserRuleParameters(merged, settingText)),
    periodicFrequency: merged.periodicFrequency,
    memorySizeMb: 512,
  };
}

/** Accounts where the guard is switched on (they hold the read-only role), and the others (excluded from the rule). */
export function configRuleAccounts(config: GuardsConfig, guardName: string): { members: string[]; excluded: string[] } {
  const key = configKeys[guardName];
  const on = (account: GuardsConfig['accounts'][number]) => {
    const settings = mergedSettings(config, account, key);
    return settings !== undefined && settings.enabled !== false;
  };
  return {
    members: config.accounts.filter(on).map((account) => account.id),
    excluded: config.accounts.filter((account) => !on(account)).map((account) => account.id),
  };
}

/**
 * The read-only role of a Config guard in a member: exactly the calls the handler makes (the
 * standalone function's own statements, `least-privilege.test.ts` keeps those exact), for the
 * regions where the hub runs the rule. Nothing that changes a resource: Config rules only report.
 */
export function configRuleMemberStatements(guardName: string, accountId: string, regions: readonly string[], homeRegion: string): PolicyStatement[] {
  if (guardName === inactiveUserRuleGuardName) return inactiveUserRuleStatements({ accountId, region: homeRegion });
  // One statement set per region differs only in the region of its condition: merge them.
  const sorted = [...regions].sort();
  return exposedPortsRuleStatements({ accountId, region: sorted[0] }).map((statement) =>
    statement.conditions?.StringEquals?.['ec2:Region'] !== undefined
      ? {
          ...statement,
          conditions: {
            ...statement.conditions,
            StringEquals: { ...statement.conditions.StringEquals, 'ec2:Region': sorted.length === 1 ? sorted[0] : sorted },
          },
        }
      : statement,
  );
}

export interface OrganizationConfigRuleProps {
  readonly config: GuardsConfig;
  readonly guardName: string;
  readonly settings: Record<string, unknown>;
  readonly environment: AwsEnvironment;
  readonly key: GuardsKey;
  /** The home region's topic, for the function's alarms; other regions hop their alarms there (hub-stack.ts). */
  readonly alertTopic?: AlertTopic;
}

/**
 * In one hub region: the guard's function (assuming only the members' read-only roles), the
 * permission for Config to invoke it, and the organization custom rule with the same trigger
 * types, scope, parameters and frequency as the per-account rule (modules/common/config-rule.ts).
 */
export class OrganizationConfigRule extends Construct {
  readonly function: GuardFunction;
  readonly rule: ConfigOrganizationCustomRule;

  constructor(scope: Construct, id: string, props: OrganizationConfigRuleProps) {
    super(scope, id);
    const { config, guardName, environment } = props;
    const shape = ruleShape(config, guardName, props.settings);
    const accounts = configRuleAccounts(config, guardName);
    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName: hubFunctionName(config.name, guardName),
      roleName: hubFunctionRoleName(config, guardName, environment.region),
      handlerName: guardName,
      description: `AWS Config organization rule ${shape.ruleName}: evaluates each member through its read-only role`,
      key: props.key,
      alertTopic: props.alertTopic,
      // It publishes nothing itself: evaluations go to Config, failures to its queue and alarms.
      statements: [assumeRemediationRoleStatement(config, guardName, accounts.members)],
      timeoutSeconds: 300,
      ...(shape.memorySizeMb ? { memorySizeMb: shape.memorySizeMb } : {}),
      variables: {
        ...writeConfigRuleEnvironment({ serviceName: guardName, alertTopicArn: hubAlertTopicArn(config) }),
        ...writeMemberAccountEnvironment({ remoteRoleName: remediationRoleName(config, guardName), accountNamesJson: accountNamesText(config) }),
      },
    });
    // The form the provider documents for organization rules: the Config service principal, with
    // no source account (it would have to list every account of the organization, and a Lambda
    // permission takes one) and no source ARN (the member rules' ARNs are made by Config in each
    // account). The function itself refuses an account the hub does not serve, and can act only
    // through roles that trust its exact role ARN within the organization.
    const permission = new LambdaPermission(this, 'invoke-config', {
      statementId: 'Allow-config-organization-rule',
      action: 'lambda:InvokeFunction',
      functionName: this.function.function.functionName,
      principal: 'config.amazonaws.com',
    });
    this.rule = new ConfigOrganizationCustomRule(this, 'rule', {
      name: shape.ruleName,
      description: shape.description.slice(0, 256),
      lambdaFunctionArn: this.function.function.arn,
      triggerTypes: ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification'],
      maximumExecutionFrequency: shape.periodicFrequency,
      inputParameters: shape.inputParameters,
      resourceTypesScope: [...shape.resourceTypes],
      ...(accounts.excluded.length > 0 ? { excludedAccounts: [...accounts.excluded].sort() } : {}),
      // Config checks that it may invoke the function when it creates the rule.
      dependsOn: [permission],
    });
  }
}
