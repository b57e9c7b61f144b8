import { Construct } from 'constructs';
import { ConfigOrganizationCustomRule } from '@cdktf/provider-aws/lib/config-organization-custom-rule';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { writeConfigRuleEnvironment } from '../../handlers/config-rule/contract';
import type { ConfigIssue } from './config-issue';
import { configInvokeStatementId, scopedConfigInvokers } from './config-invoke-permissions';
import { GuardFunction } from './guard-function';
import type { HubConfigView } from './hub-config-view';
import { HubHooks, HubRegionContext } from './hub-hooks';
import { hubAlertTopicArn, hubFunctionName, hubFunctionRoleArn, hubFunctionRoleName, remediationRoleName } from './hub-names';
import { assumeRemediationRoleStatement, memberAccountVariables, memberDirectoryStatements } from './hub-member-access';
import { PolicyStatement } from './iam-policy';
import { RemediationRole } from './remediation-role';

/**
 * Hub mode with `hub.configRules: organization`: a Config guard runs as an AWS Config organization
 * custom rule, created by the hub as Config's delegated administrator. Config creates the rule in
 * every account of the organization (less the excluded ones) and invokes the hub's function, which
 * evaluates and reports through the member's read-only role (handlers/config-rule/member-clients.ts).
 */

/** What the per-account rule of a guard is, shared by both modes: name, scope, parameters, frequency. */
export interface ConfigRuleShape {
  readonly ruleName: string;
  readonly description: string;
  readonly resourceTypes: readonly string[];
  readonly inputParameters: string;
  readonly periodicFrequency: string;
  readonly memorySizeMb?: number;
}

export interface OrganizationConfigRuleProps {
  readonly guardName: string;
  readonly shape: ConfigRuleShape;
  readonly context: HubRegionContext;
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
    const { guardName, shape, context } = props;
    const { config, environment } = context;
    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName: hubFunctionName(config.name, guardName),
      roleName: hubFunctionRoleName(config, guardName, environment.region),
      handlerName: guardName,
      description: `AWS Config organization rule ${shape.ruleName}: evaluates each member through its read-only role`,
      key: context.key,
      alertTopic: context.alertTopic,
      alerting: context.alerting,
      // It publishes nothing itself: evaluations go to Config, failures to its queue and alarms.
      statements: [assumeRemediationRoleStatement(config, guardName, context.memberIds), ...memberDirectoryStatements(context)],
      timeoutSeconds: 300,
      ...(shape.memorySizeMb ? { memorySizeMb: shape.memorySizeMb } : {}),
      variables: {
        ...writeConfigRuleEnvironment({ serviceName: guardName, alertTopicArn: hubAlertTopicArn(config), ruleName: shape.ruleName }),
        ...memberAccountVariables(context, remediationRoleName(config, guardName)),
      },
    });
    // Config invokes the function from each member's copy of the rule: one permission per served
    // member, scoped by its account, while they fit the function's policy (config-invoke-permissions.ts);
    // past that, one for the service, and the handler drops what no served member's rule sent.
    const invokers = scopedConfigInvokers(this.function.functionArn, context.memberIds);
    const permissions = (invokers ?? [undefined]).map(
      (accountId) =>
        new LambdaPermission(this, accountId ? `invoke-config-${accountId}` : 'invoke-config', {
          statementId: accountId ? configInvokeStatementId(accountId) : 'Allow-config-organization-rule',
          action: 'lambda:InvokeFunction',
          functionName: this.function.function.functionName,
          principal: 'config.amazonaws.com',
          ...(accountId ? { sourceAccount: accountId } : {}),
        }),
    );
    this.rule = new ConfigOrganizationCustomRule(this, 'rule', {
      name: shape.ruleName,
      description: shape.description.slice(0, 256),
      lambdaFunctionArn: this.function.function.arn,
      triggerTypes: ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification', 'ScheduledNotification'],
      maximumExecutionFrequency: shape.periodicFrequency,
      inputParameters: shape.inputParameters,
      resourceTypesScope: [...shape.resourceTypes],
      ...(context.excludedIds.length > 0 ? { excludedAccounts: [...context.excludedIds].sort() } : {}),
      // Config checks that it may invoke the function when it creates the rule.
      dependsOn: permissions,
    });
  }
}

/** What a Config guard says about its hub side. */
export interface OrganizationConfigRuleHubOptions<Settings> {
  readonly guardName: string;
  readonly perAccountSettings: readonly (keyof Settings & string)[];
  /** The rule, as the per-account rule of standalone mode has it. */
  readonly ruleShape: (config: HubConfigView, settings: Settings) => ConfigRuleShape;
  /**
   * The read-only role's statements in a member: exactly the calls the handler makes (the
   * standalone function's own statements, `least-privilege.test.ts` keeps those exact), for the
   * regions where the hub runs the rule. Nothing that changes a resource: Config rules only report.
   */
  readonly memberStatements: (accountId: string, hubRegions: readonly string[], homeRegion: string) => PolicyStatement[];
}

/**
 * The whole hub side of a Config guard: no forwarded event; in each hub region its function and
 * organization rule; in each member's home region its read-only role, trusted by its hub roles only.
 */
export function organizationConfigRuleHubHooks<Settings>(options: OrganizationConfigRuleHubOptions<Settings>): HubHooks<Settings> {
  const { guardName } = options;
  return {
    perAccountSettings: options.perAccountSettings,
    // AWS Config invokes the function from every member's organization rule: no bus route.
    memberEvents: () => ({ forwarded: [], onHubDefaultBus: [] }),
    hubFunction: () => undefined,
    hubParts(scope, context, settings) {
      const rule = new OrganizationConfigRule(scope, guardName, { guardName, shape: options.ruleShape(context.config, settings), context });
      return { functions: [rule.function], functionStatements: [] };
    },
    memberResources(scope, context) {
      if (!context.isHomeRegion) return;
      new RemediationRole(scope, `${guardName}-read-only`, {
        roleName: remediationRoleName(context.config, guardName),
        guardName,
        accountId: context.account.id,
        hubRoleArns: context.hubRegions.map((hubRegion) => hubFunctionRoleArn(context.config, guardName, hubRegion)),
        organizationId: context.hub.organizationId,
        statements: options.memberStatements(context.account.id, context.hubRegions, context.config.homeRegion),
      });
    },
    memberTamperNames: () => ({ configRules: true }),
    hubSettingsIssues: (settings, level) => organizationConfigRuleIssues(settings, level.path, level.hub.configRules),
  };
}

/** A Config guard's hub-mode mistakes: per-account rules are not there yet; the members' recorders are theirs. */
function organizationConfigRuleIssues(
  settings: Readonly<Record<string, unknown>>,
  path: readonly (string | number)[],
  configRules: 'organization' | 'per-account',
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (settings.enabled !== false && configRules !== 'organization') {
    issues.push({
      path: [...path],
      message: 'hub.configRules: per-account is not available yet; use organization (the default), or deploy without hub (standalone mode)',
    });
  }
  if (settings.createConfigRecorder === true) {
    issues.push({
      path: [...path, 'createConfigRecorder'],
      message: 'an organization rule evaluates in each member\'s own recorder; check the members\' recorders (docs/hub-mode.md, "Config rules") instead',
    });
  }
  return issues;
}
