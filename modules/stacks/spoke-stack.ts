import { Construct } from 'constructs';
import { IndependentStack } from './independent-stack';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { anyOf } from '../common/event-pattern';
import { heartbeatSchedule } from '../common/hub-heartbeat-settings';
import { forwarderRoleName, forwardingRuleName, hubBusArn, memberHeartbeatRuleName, tamperForwardingRuleName } from '../common/hub-names';
import { identityPolicyJson, resourcePolicyJson } from '../common/iam-policy';
import { GuardsConfig } from '../config/guards-config';
import { addAwsProvider } from './aws-provider';
import { addBackend } from './backend';
import { hubContextOf, hubHooksOf } from './hub-context';
import { SpokeStackPlan } from './hub-plan';
import { memberGuardResourceNames, memberTamperPatternSet, memberTamperPatterns, splitRuleName } from './hub-tamper-patterns';

/**
 * One member account in one region, in hub mode: one EventBridge rule (an `$or` of every guard's
 * forwarded events) and one rule for tampering with the guards' resources, each with one target,
 * the hub bus of the region; in the home region only (IAM is global), the forwarder role; and what
 * each guard's `memberResources` hook adds (alarms without actions, whose state change the rule
 * forwards; in the home region its remediation or read-only role). No function, key, topic or
 * subscription. The stack names no guard: it iterates the plan's guards and their hub hooks.
 */
export class SpokeStack extends IndependentStack {
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
    const guardPatterns = plan.guards.flatMap(
      (guard) => hubHooksOf(guard.definition).memberEvents(hubContextOf(config, guard.definition), guard.settings, plan.isHomeRegion).forwarded,
    );
    const tamperRuleName = tamperForwardingRuleName(config.name);
    if (guardPatterns.length > 0) {
      // The forwarding rule also reports changes to the tamper rule: that rule cannot report its own deletion.
      const watchTamperRule = memberTamperPatterns({ ruleNames: [{ prefix: tamperRuleName }] }, plan.isHomeRegion);
      const rule = new CloudwatchEventRule(this, 'forward-rule', {
        name: forwardingRuleName(config.name),
        description: `Forwards the security guards' events to the hub (${plan.guards.map((guard) => guard.definition.name).join(', ')})`.slice(0, 512),
        eventPattern: JSON.stringify(anyOf([...guardPatterns, ...watchTamperRule])),
      });
      new CloudwatchEventTarget(this, 'forward-target', { rule: rule.name, targetId: 'hub-bus', arn: hubBusArn(config, region), roleArn: forwarderRoleArn });
    }
    if (plan.guards.length > 0) {
      this.addTamperForwarding(config, plan, forwarderRoleArn);
      this.addHeartbeat(config, plan, forwarderRoleArn);
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
    }

    // What each guard holds here besides the forwarding rule: alarms, and in the home region its
    // member role and the policies that role attaches.
    for (const guard of plan.guards) {
      hubHooksOf(guard.definition).memberResources(
        this,
        {
          config,
          hub,
          account,
          region,
          isHomeRegion: plan.isHomeRegion,
          hubRegions: [...(plan.hubRegionsByGuard[guard.definition.name] ?? [])].sort(),
          hubBusArn: hubBusArn(config, region),
          forwarderRoleArn,
        },
        guard.settings,
      );
    }
  }

  /**
   * This region's heartbeat: a scheduled rule of the default bus whose Scheduled Event goes to the
   * hub bus of the region, one bus hop, with the forwarder role (an event bus of another account is
   * a target of any rule, scheduled ones included, and an organization-granted bus needs the role:
   * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutTargets.html,
   * https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_Rule.html). The hub alerts when
   * a region misses its beats. The tamper rule watches it like the forwarding rule.
   */
  private addHeartbeat(config: GuardsConfig, plan: SpokeStackPlan, forwarderRoleArn: string): void {
    const rule = new CloudwatchEventRule(this, 'heartbeat-rule', {
      name: memberHeartbeatRuleName(config.name),
      description: "Tells the hub that this region's guard rules still deliver; the hub alerts when the beats stop",
      scheduleExpression: heartbeatSchedule(config.hub!.heartbeat),
    });
    new CloudwatchEventTarget(this, 'heartbeat-target', {
      rule: rule.name,
      targetId: 'hub-bus',
      arn: hubBusArn(config, plan.region),
      roleArn: forwarderRoleArn,
    });
  }

  /**
   * Changes to the guards' own resources here (the forwarding rules, the roles, the deny policies,
   * the trail, the Config rules and recorder), on a rule of their own to the hub bus, whose tamper
   * rule alerts. It also watches the forwarding rule; the forwarding rule watches it.
   */
  private addTamperForwarding(config: GuardsConfig, plan: SpokeStackPlan, forwarderRoleArn: string): void {
    const names = memberGuardResourceNames(
      config,
      plan.guards.map((guard) => guard.definition),
    );
    // Split over numbered rules to stay within EventBridge's pattern size; the first keeps the old ids.
    memberTamperPatternSet(names, plan.isHomeRegion).forEach((pattern, index) => {
      const suffix = index === 0 ? '' : `-${index + 1}`;
      const rule = new CloudwatchEventRule(this, `tamper-rule${suffix}`, {
        name: splitRuleName(tamperForwardingRuleName(config.name), index),
        description: "Forwards changes to the security guards' own resources in this account to the hub, which alerts",
        eventPattern: JSON.stringify(pattern),
      });
      new CloudwatchEventTarget(this, `tamper-target${suffix}`, {
        rule: rule.name,
        targetId: 'hub-bus',
        arn: hubBusArn(config, plan.region),
        roleArn: forwarderRoleArn,
      });
    });
  }
}
