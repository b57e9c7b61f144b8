import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { accountGlobalName } from '../common/aws-environment';
import type { ConfigIssue } from '../common/config-issue';
import { EventPattern, anyOf } from '../common/event-pattern';
import type { HubConfigView } from '../common/hub-config-view';
import { HubHooks, noHubParts } from '../common/hub-hooks';
import { hubAlertTopicArn, hubFunctionName, hubFunctionRoleArn, remediationRoleName } from '../common/hub-names';
import { assumeRemediationRoleStatement, memberAccountVariables } from '../common/hub-member-access';
import { RemediationRole, withoutHubOnly } from '../common/remediation-role';
import { lockdownVariables } from './environment';
import { denyPolicyDocumentText } from './deny-policy-document';
import { regionLockdownGuardName } from './index';
import { regionLockdownStatements } from './permissions';
import { ResolvedRegionLockdownSettings, requiredAllowedRegions } from './settings';

const guardName = regionLockdownGuardName;

/**
 * The region-lockdown deny policy of a member (made by its home-region spoke stack): the same name
 * as the standalone construct gives it, so the hub function finds it by name in every member.
 */
export function memberRegionDenyPolicyName(config: HubConfigView): string {
  return accountGlobalName({ accountId: '', region: config.homeRegion }, hubFunctionName(config.name, guardName), 128);
}

/** The schedule rule in each member's home region whose tick, delivered to the hub bus, reconciles that member. */
export function memberReconcileRuleName(namePrefix: string): string {
  return `${hubFunctionName(namePrefix, guardName)}-reconcile`;
}

/**
 * region-lockdown's forwarding rule in a member's home region: the IAM calls it acts on have a rule
 * of their own, because the member's one forwarding rule is near EventBridge's 2,048 characters.
 */
export function memberRegionLockdownForwardRuleName(namePrefix: string): string {
  return `${hubFunctionName(namePrefix, guardName)}-forward`;
}

/**
 * The member IAM calls region-lockdown acts on: CreateUser, and DetachUserPolicy of the member's
 * deny policy (by its name: the hub routes every member's, each ARN names its own account).
 * Failed calls changed nothing.
 */
export function regionLockdownCallPatterns(config: HubConfigView): EventPattern[] {
  const iamCall = (eventNames: string[], requestParameters?: Record<string, unknown>): EventPattern => ({
    source: ['aws.iam'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['iam.amazonaws.com'], eventName: eventNames, errorCode: [{ exists: false }], ...(requestParameters ? { requestParameters } : {}) },
  });
  return [iamCall(['CreateUser']), iamCall(['DetachUserPolicy'], { policyArn: [{ suffix: `:policy/${memberRegionDenyPolicyName(config)}` }] })];
}

/**
 * A member's reconcile tick: the Scheduled Event of its home-region schedule rule, which targets
 * the hub bus directly (`account` names the member, so the hub reconciles that member only).
 */
export function regionLockdownTickPattern(config: HubConfigView): EventPattern {
  return {
    source: ['aws.events'],
    'detail-type': ['Scheduled Event'],
    resources: [{ suffix: `:rule/${memberReconcileRuleName(config.name)}` }],
  };
}

/**
 * region-lockdown in hub mode: IAM is global, so each member's home region holds the
 * Terraform-managed deny policy (the standalone document and name), the remediation role that may
 * attach only it, a rule of its own forwarding the IAM calls it acts on, and the reconcile
 * schedule, whose tick goes straight to the hub bus (the hub reconciles the account the tick names).
 */
export const regionLockdownHub: HubHooks<ResolvedRegionLockdownSettings> = {
  // The hub function's environment holds one allowedRegions, scope and exemptions for every member.
  perAccountSettings: ['enabled'],

  memberEvents(context, _settings, isHomeRegion) {
    // Its calls and the member's tick come from the home region only, each through a rule of the
    // guard's own (the member's forwarding rule is near the size limit).
    return isHomeRegion
      ? { forwarded: [], delivered: [...regionLockdownCallPatterns(context.config), regionLockdownTickPattern(context.config)], onHubDefaultBus: [] }
      : { forwarded: [], onHubDefaultBus: [] };
  },

  hubFunction(context, settings) {
    const { config } = context;
    return {
      handlerName: guardName,
      description: 'Attaches and keeps the region deny on every IAM user of each member account, through its remediation role',
      statements: [assumeRemediationRoleStatement(config, guardName, context.memberIds)],
      // As standalone: a first reconciliation of a large account attaches one policy per user.
      timeoutSeconds: 900,
      // The standalone construct's settings; the deny policy by name (each member holds its own copy).
      variables: {
        ...lockdownVariables(settings, {
          guardName,
          alertTopicArn: hubAlertTopicArn(config),
          allowedRegions: requiredAllowedRegions(guardName, settings),
          denyPolicy: { denyPolicyName: memberRegionDenyPolicyName(config) },
        }),
        ...memberAccountVariables(context, remediationRoleName(config, guardName)),
      },
    };
  },

  hubParts: () => noHubParts,

  memberResources(scope, context, settings) {
    if (!context.isHomeRegion) return;
    const { config, account } = context;
    const denyPolicy = new IamPolicy(scope, `${guardName}-deny-policy`, {
      name: memberRegionDenyPolicyName(config),
      description: `Denies ${settings.scope === 'all-regional' ? 'every regional action' : 'EC2 changes'} outside the allowed regions; attached to IAM users by the hub's ${guardName} function`,
      policy: denyPolicyDocumentText(requiredAllowedRegions(guardName, settings), settings.scope),
    });
    const statements = regionLockdownStatements({
      environment: { accountId: account.id, region: '*' },
      // Filtered out (hub-only); never granted in a member.
      alertTopicArn: '',
      denyPolicyArns: [denyPolicy.arn],
      namePrefix: config.name,
      ...(account.roleArn ? { deployerRoleArn: account.roleArn } : {}),
    });
    new RemediationRole(scope, `${guardName}-remediation`, {
      roleName: remediationRoleName(config, guardName),
      guardName,
      accountId: account.id,
      hubRoleArns: context.hubRegions.map((hubRegion) => hubFunctionRoleArn(config, guardName, hubRegion)),
      organizationId: context.hub.organizationId,
      statements: withoutHubOnly(statements),
    });
    // Its calls on a rule of its own to the hub bus (the tamper rule watches its rules, role and policy).
    const forward = new CloudwatchEventRule(scope, `${guardName}-forward-rule`, {
      name: memberRegionLockdownForwardRuleName(config.name),
      description: "Forwards CreateUser and the region deny's DetachUserPolicy to the hub's region-lockdown function",
      eventPattern: JSON.stringify(anyOf(regionLockdownCallPatterns(config))),
    });
    new CloudwatchEventTarget(scope, `${guardName}-forward-target`, {
      rule: forward.name,
      targetId: 'hub-bus',
      arn: context.hubBusArn,
      roleArn: context.forwarderRoleArn,
    });
    const tick = new CloudwatchEventRule(scope, `${guardName}-reconcile-rule`, {
      name: memberReconcileRuleName(config.name),
      description: "Asks the hub's region-lockdown function to put the region deny on every user of this account that lacks it",
      scheduleExpression: settings.reconcileSchedule,
    });
    new CloudwatchEventTarget(scope, `${guardName}-reconcile-target`, {
      rule: tick.name,
      targetId: 'hub-bus',
      arn: context.hubBusArn,
      roleArn: context.forwarderRoleArn,
    });
  },

  memberTamperNames: (config) => ({
    homeRuleNames: [memberRegionLockdownForwardRuleName(config.name), memberReconcileRuleName(config.name)],
  }),

  hubSettingsIssues(settings, level) {
    const issues: ConfigIssue[] = [];
    if (settings.organizationsMode !== undefined) {
      issues.push({
        path: [...level.path, 'organizationsMode'],
        message:
          "the service control policy is made by the management account's standalone stack; hub mode has no such stack: remove it and attach the SCP there, or deploy without hub",
      });
    }
    if (settings.enabled !== false && level.homeRegion !== 'us-east-1') {
      issues.push({
        path: [...level.path, 'enabled'],
        message: `IAM delivers its CloudTrail events in us-east-1 only, so the members forward them from there: set homeRegion: us-east-1 (it is ${level.homeRegion})`,
      });
    }
    return issues;
  },
};
