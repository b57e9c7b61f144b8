import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { identityPolicyJson, resourcePolicyJson } from '../common/iam-policy';
import { GuardsConfig } from '../config/guards-config';
import { instanceQuarantineGuardName } from '../instance-quarantine';
import { addInstanceLogAlarm } from '../instance-quarantine/instance-log-alarm';
import { RevocationPolicy } from '../instance-quarantine/revocation-policy';
import { AlarmedInstance, instanceQuarantineDefaults } from '../instance-quarantine/settings';
import { regionLockdownGuardName } from '../region-lockdown';
import { denyPolicyDocumentText } from '../region-lockdown/deny-policy-document';
import { regionLockdownDefaults } from '../region-lockdown/settings';
import { addAwsProvider } from './aws-provider';
import { addBackend } from './backend';
import { anyOf, hubGuardEvents, quarantineAlarmPrefix, regionLockdownCallPatterns } from './hub-event-patterns';
import { memberTamperPattern, memberTamperPatterns } from './hub-tamper-patterns';
import {
  forwarderRoleName,
  forwardingRuleName,
  hubBusArn,
  hubFunctionRoleArn,
  hubReleaseRoleArn,
  memberGuardResourceNames,
  memberReconcileRuleName,
  memberRegionDenyPolicyName,
  memberRegionLockdownForwardRuleName,
  memberRevocationPolicyEnvironment,
  remediationRoleName,
  tamperForwardingRuleName,
} from './hub-names';
import { configRuleMemberStatements, isOrganizationConfigRuleGuard } from './hub-config-rules';
import { SpokeStackPlan } from './hub-plan';
import { RemediationRole, actsInMembers, remediationRoleSpecs } from './remediation-role';

/**
 * One member account in one region, in hub mode: one EventBridge rule (an `$or` of every guard's
 * events) and one rule for tampering with the guards' resources, each with one target, the hub bus
 * of the region; the per-instance log alarms of the
 * quarantine's classic flow, without actions (their state change is what the rule forwards); and,
 * in the home region only (IAM is global), the forwarder role and one remediation role per acting
 * guard. No function, key, topic or subscription.
 */
export class SpokeStack extends TerraformStack {
  constructor(
    scope: Construct,
    config: GuardsConfig,
    readonly plan: SpokeStackPlan,
  ) {
    super(scope, plan.name);
    const { account, region } = plan;
    const environment: AwsEnvironment = { accountId: account.id, region };
    const hub = config.hub!;
    addAwsProvider(this, config, account, region);
    addBackend(this, config, plan);

    const forwarderRoleArn = arnFor(environment, 'iam', `role/${forwarderRoleName(config)}`, { global: true });
    const guardPatterns = plan.guards.flatMap((guard) => hubGuardEvents(config, guard.definition.name, guard.settings, plan.isHomeRegion).forwarded);
    const tamperRuleName = tamperForwardingRuleName(config.name);
    if (guardPatterns.length > 0) {
      // The forwarding rule also reports changes to the tamper rule: that rule cannot report its own deletion.
      const watchTamperRule = memberTamperPatterns({ ruleNames: [tamperRuleName] }, plan.isHomeRegion);
      const rule = new CloudwatchEventRule(this, 'forward-rule', {
        name: forwardingRuleName(config.name),
        description: `Forwards the security guards' events to the hub (${plan.guards.map((guard) => guard.definition.name).join(', ')})`.slice(0, 512),
        eventPattern: JSON.stringify(anyOf([...guardPatterns, ...watchTamperRule])),
      });
      new CloudwatchEventTarget(this, 'forward-target', { rule: rule.name, targetId: 'hub-bus', arn: hubBusArn(config, region), roleArn: forwarderRoleArn });
    }
    if (plan.guards.length > 0) this.addTamperForwarding(config, plan, forwarderRoleArn);

    const quarantine = plan.guards.find((guard) => guard.definition.name === instanceQuarantineGuardName);
    if (quarantine) {
      const settings = { ...instanceQuarantineDefaults, ...quarantine.settings };
      if (settings.alarmTrigger) this.addQuarantineAlarms(config, settings, settings.alarmInstances);
    }

    if (plan.isHomeRegion) {
      const hubRegions = [...new Set(Object.values(plan.hubRegionsByGuard).flat())];
      const forwarder = new IamRole(this, 'forwarder-role', {
        name: forwarderRoleName(config),
        description: "Lets this account's guard rules put events on the hub's buses",
        assumeRolePolicy: resourcePolicyJson([
          {
            sid: 'EventBridgeRulesOfThisAccount',
            principal: { Service: 'events.amazonaws.com' },
            actions: ['sts:AssumeRole'],
            resources: [],
            conditions: { StringEquals: { 'aws:SourceAccount': account.id } },
          },
        ]),
      });
      new IamRolePolicy(this, 'forwarder-policy', {
        name: forwarderRoleName(config),
        role: forwarder.id,
        policy: identityPolicyJson([
          { sid: 'PutEventsOnHubBusesOnly', actions: ['events:PutEvents'], resources: hubRegions.sort().map((hubRegion) => hubBusArn(config, hubRegion)) },
        ]),
      });
      for (const guard of plan.guards) {
        const guardName = guard.definition.name;
        if (!actsInMembers(guardName)) continue;
        const hubRegions = [...(plan.hubRegionsByGuard[guardName] ?? [])].sort();
        if (guardName === regionLockdownGuardName) {
          this.addRegionLockdown(config, plan, guard.settings, hubRegions, forwarderRoleArn);
          continue;
        }
        // The quarantine's revocation deny lives in the member: its remediation role attaches it there.
        const revocation = new RevocationPolicy(this, `${guardName}-revocation`, {
          environment: memberRevocationPolicyEnvironment(config, account.id),
          namePrefix: config.name,
        });
        const specs = remediationRoleSpecs(guardName, {
          accountId: account.id,
          namePrefix: config.name,
          revocationPolicyArn: revocation.arn,
          alarmNamePrefix: quarantineAlarmPrefix(config.name),
          networkAclDeny: guard.settings.networkAclDeny === true,
          ...(account.roleArn ? { deployerRoleArn: account.roleArn } : {}),
        });
        for (const spec of specs) {
          // Each role is assumable only by the hub function that needs it: quarantine or release.
          const hubRoleArn = spec.kind === 'remediation' ? hubFunctionRoleArn : hubReleaseRoleArn;
          new RemediationRole(this, `${guardName}-${spec.kind}`, {
            roleName: remediationRoleName(config, guardName, spec.kind),
            guardName: spec.kind === 'remediation' ? guardName : `${guardName} release`,
            accountId: account.id,
            hubRoleArns: hubRegions.map((hubRegion) => hubRoleArn(config, guardName, hubRegion)),
            organizationId: hub.organizationId,
            statements: spec.statements,
          });
        }
      }
      this.addConfigRuleRoles(config, plan);
    }
  }

  /**
   * Changes to the guards' own resources here (the forwarding rules, the roles, the deny policies,
   * the trail, the Config rules and recorder), on a rule of their own to the hub bus, whose tamper
   * rule alerts. It also watches the forwarding rule; the forwarding rule watches it.
   */
  private addTamperForwarding(config: GuardsConfig, plan: SpokeStackPlan, forwarderRoleArn: string): void {
    const guardNames = plan.guards.map((guard) => guard.definition.name);
    const names = memberGuardResourceNames(
      config,
      guardNames.filter((name) => actsInMembers(name) || isOrganizationConfigRuleGuard(name)),
      guardNames.some(isOrganizationConfigRuleGuard),
    );
    const rule = new CloudwatchEventRule(this, 'tamper-rule', {
      name: tamperForwardingRuleName(config.name),
      description: "Forwards changes to the security guards' own resources in this account to the hub, which alerts",
      eventPattern: JSON.stringify(memberTamperPattern(names, plan.isHomeRegion)),
    });
    new CloudwatchEventTarget(this, 'tamper-target', { rule: rule.name, targetId: 'hub-bus', arn: hubBusArn(config, plan.region), roleArn: forwarderRoleArn });
  }

  /**
   * region-lockdown in a member's home region: the Terraform-managed deny policy (the standalone
   * document and name), the remediation role that may attach only it, and the reconcile schedule,
   * whose tick goes straight to the hub bus (the hub reconciles the account the tick names).
   */
  private addRegionLockdown(
    config: GuardsConfig,
    plan: SpokeStackPlan,
    given: Record<string, unknown>,
    hubRegions: readonly string[],
    forwarderRoleArn: string,
  ): void {
    const guardName = regionLockdownGuardName;
    const { account, region } = plan;
    const settings = { ...regionLockdownDefaults, ...given } as typeof regionLockdownDefaults & { allowedRegions: readonly string[] };
    const policyName = memberRegionDenyPolicyName(config);
    const denyPolicy = new IamPolicy(this, `${guardName}-deny-policy`, {
      name: policyName,
      description: `Denies ${settings.scope === 'all-regional' ? 'every regional action' : 'EC2 changes'} outside the allowed regions; attached to IAM users by the hub's ${guardName} function`,
      policy: denyPolicyDocumentText(settings.allowedRegions, settings.scope),
    });
    const [spec] = remediationRoleSpecs(guardName, {
      accountId: account.id,
      namePrefix: config.name,
      revocationPolicyArn: '',
      regionDenyPolicyArn: denyPolicy.arn,
      alarmNamePrefix: quarantineAlarmPrefix(config.name),
      ...(account.roleArn ? { deployerRoleArn: account.roleArn } : {}),
    });
    new RemediationRole(this, `${guardName}-remediation`, {
      roleName: remediationRoleName(config, guardName),
      guardName,
      accountId: account.id,
      hubRoleArns: hubRegions.map((hubRegion) => hubFunctionRoleArn(config, guardName, hubRegion)),
      organizationId: config.hub!.organizationId,
      statements: spec.statements,
    });
    // Its calls on a rule of its own to the hub bus (the tamper rule watches its rules, role and policy).
    const forward = new CloudwatchEventRule(this, `${guardName}-forward-rule`, {
      name: memberRegionLockdownForwardRuleName(config.name),
      description: "Forwards CreateUser and the region deny's DetachUserPolicy to the hub's region-lockdown function",
      eventPattern: JSON.stringify(anyOf(regionLockdownCallPatterns(config))),
    });
    new CloudwatchEventTarget(this, `${guardName}-forward-target`, {
      rule: forward.name,
      targetId: 'hub-bus',
      arn: hubBusArn(config, region),
      roleArn: forwarderRoleArn,
    });
    const tick = new CloudwatchEventRule(this, `${guardName}-reconcile-rule`, {
      name: memberReconcileRuleName(config.name),
      description: "Asks the hub's region-lockdown function to put the region deny on every user of this account that lacks it",
      scheduleExpression: settings.reconcileSchedule,
    });
    new CloudwatchEventTarget(this, `${guardName}-reconcile-target`, {
      rule: tick.name,
      targetId: 'hub-bus',
      arn: hubBusArn(config, region),
      roleArn: forwarderRoleArn,
    });
  }

  /** The read-only role of each Config guard (hub.configRules: organization), trusted by its hub roles only. */
  private addConfigRuleRoles(config: GuardsConfig, plan: SpokeStackPlan): void {
    for (const guard of plan.guards) {
      const guardName = guard.definition.name;
      if (!isOrganizationConfigRuleGuard(guardName)) continue;
      const hubRegions = [...(plan.hubRegionsByGuard[guardName] ?? [])].sort();
      new RemediationRole(this, `${guardName}-read-only`, {
        roleName: remediationRoleName(config, guardName),
        guardName,
        accountId: plan.account.id,
        hubRoleArns: hubRegions.map((hubRegion) => hubFunctionRoleArn(config, guardName, hubRegion)),
        organizationId: config.hub!.organizationId,
        statements: configRuleMemberStatements(guardName, plan.account.id, hubRegions, config.homeRegion),
      });
    }
  }

  /** The classic flow's metric filter and alarm per watched instance, on the log group only it writes to. */
  private addQuarantineAlarms(config: GuardsConfig, settings: typeof instanceQuarantineDefaults, instances: readonly AlarmedInstance[]): void {
    for (const instance of instances) {
      const alarmName = `${quarantineAlarmPrefix(config.name)}${instance.instanceId}`;
      addInstanceLogAlarm(this, { alarmName, instance, logGroupName: instance.logGroupName, settings, via: '(through the hub)' });
    }
  }
}
