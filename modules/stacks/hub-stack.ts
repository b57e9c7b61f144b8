import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment, accountGlobalName, arnFor } from '../common/aws-environment';
import { cloudTrailAlertHubFunction } from '../common/cloudtrail-alert-hub';
import { accountNamesText } from '../common/hub-member-access';
import { EventPattern, anyOf } from '../common/event-pattern';
import { GuardFunction } from '../common/guard-function';
import { GuardsKey } from '../common/guards-key';
import { HandlerAssets, HandlerCodeSource } from '../common/handler-assets';
import type { HubRegionContext } from '../common/hub-hooks';
import { forwarderRoleName, hubAlertTopicArn, hubBusName, hubFunctionName, hubFunctionRoleName } from '../common/hub-names';
import { PolicyStatement, identityPolicyJson, resourcePolicyJson } from '../common/iam-policy';
import { GuardsConfig } from '../config/guards-config';
import { tamperAlertServiceName } from '../../handlers/cloudtrail-alert/contract';
import { addAwsProvider } from './aws-provider';
import { addBackend } from './backend';
import { hubContextOf, hubHooksOf } from './hub-context';
import { HubStackPlan, hubGuardDefinitions } from './hub-plan';
import { hubOwnTamperRules } from './hub-own-tamper-patterns';
import { addHubProtectionOutput } from './hub-protection-output';
import { memberGuardResourceNames, memberTamperPatternSet, splitRuleName } from './hub-tamper-patterns';

/**
 * The hub account in one region: the bus the members forward to, accepting PutEvents only from
 * the organization's forwarder roles; one function per guard of the region with its failure queue
 * and alarms, invoked by a rule on that bus; in the home region, the organization's one alert topic
 * with its e-mail subscriptions, and the organization-trail guards. Other regions send their
 * functions' alarm state changes to the home region's default bus, which alerts through the topic.
 */
export class HubStack extends TerraformStack {
  constructor(
    scope: Construct,
    config: GuardsConfig,
    readonly plan: HubStackPlan,
    handlerCodeSource: HandlerCodeSource = { kind: 'inline' },
  ) {
    super(scope, plan.name);
    const { account, region } = plan;
    const hub = config.hub!;
    const environment: AwsEnvironment = { accountId: account.id, region };
    const namePrefix = config.name;
    addAwsProvider(this, config, account, region);
    addBackend(this, config, plan);
    HandlerAssets.configure(this, handlerCodeSource);

    const key = new GuardsKey(this, 'guards-key', { environment, namePrefix });
    const alertTopic = plan.isHomeRegion ? new AlertTopic(this, 'alert-topic', { environment, namePrefix, key, emails: config.alerts.emails }) : undefined;
    if (alertTopic) {
      new TerraformOutput(this, 'alert-topic-arn', {
        description: 'SNS topic that carries every alert of the guards, for the whole organization',
        value: alertTopic.arn,
      });
    }

    const busName = hubBusName(namePrefix);
    const bus = new CloudwatchEventBus(this, 'bus', { name: busName });
    const busArn = arnFor(environment, 'events', `event-bus/${busName}`);
    new CloudwatchEventBusPolicy(this, 'bus-policy', {
      eventBusName: bus.name,
      policy: resourcePolicyJson([
        {
          sid: 'OrganizationForwarderRolesOnly',
          principal: { AWS: '*' },
          actions: ['events:PutEvents'],
          resources: [busArn],
          conditions: {
            StringEquals: { 'aws:PrincipalOrgID': hub.organizationId },
            ArnLike: { 'aws:PrincipalArn': arnFor({ accountId: '*', region }, 'iam', `role/${forwarderRoleName(config)}`, { global: true }) },
          },
        },
      ]),
    });

    const functions: GuardFunction[] = [];
    const topicStatements = this.homeTopicStatements(config, plan);
    for (const guard of plan.guards) {
      const guardName = guard.definition.name;
      const hooks = hubHooksOf(guard.definition);
      const context: HubRegionContext = {
        ...hubContextOf(config, guard.definition),
        environment,
        isHomeRegion: plan.isHomeRegion,
        key,
        alertTopic,
        topicStatements,
        hubBus: { name: bus.name, arn: busArn },
      };
      const parts = hooks.hubParts(this, context, guard.settings);
      functions.push(...parts.functions);
      const events = hooks.memberEvents(context, guard.settings, plan.isHomeRegion);
      if (events.forwarded.length === 0 && (events.delivered ?? []).length === 0 && events.onHubDefaultBus.length === 0) continue;
      const spec = hooks.hubFunction(context, guard.settings);
      if (!spec) continue;
      const functionName = hubFunctionName(namePrefix, guardName);
      const guardFunction = new GuardFunction(this, guardName, {
        environment,
        functionName,
        roleName: hubFunctionRoleName(config, guardName, region),
        handlerName: spec.handlerName,
        description: spec.description,
        key,
        alertTopic,
        statements: [...spec.statements, ...parts.functionStatements, ...topicStatements],
        variables: spec.variables,
        timeoutSeconds: spec.timeoutSeconds,
      });
      functions.push(guardFunction);
      const route = (id: string, patterns: readonly EventPattern[], onHubBus: boolean) => {
        if (patterns.length === 0) return;
        const rule = new CloudwatchEventRule(this, `${guardName}-${id}-rule`, {
          name: `${functionName}-${id}`,
          ...(onHubBus ? { eventBusName: bus.name } : {}),
          description: `${guardName}: the member events it handles`,
          eventPattern: JSON.stringify(anyOf(patterns)),
        });
        new CloudwatchEventTarget(this, `${guardName}-${id}-target`, {
          rule: rule.name,
          ...(onHubBus ? { eventBusName: bus.name } : {}),
          targetId: guardName,
          arn: guardFunction.function.arn,
        });
        const ruleArn = arnFor(environment, 'events', onHubBus ? `rule/${busName}/${functionName}-${id}` : `rule/${functionName}-${id}`);
        guardFunction.allowInvocation(`${id}-rule`, 'events.amazonaws.com', ruleArn);
      };
      route('members', [...events.forwarded, ...(events.delivered ?? [])], true);
      route('organization', events.onHubDefaultBus, false);
    }

    const hopRoleArn = alertTopic ? undefined : this.addHopRole(config, plan, environment);
    functions.push(this.addTamperPath(config, plan, bus, key, alertTopic));
    addHubProtectionOutput(this, config, plan);
    this.addAlarmPath(config, plan, functions, alertTopic, hopRoleArn);
  }

  /** Outside the home region: the role that puts this region's alarm and tamper events on the home default bus. */
  private addHopRole(config: GuardsConfig, plan: HubStackPlan, environment: AwsEnvironment): string {
    const hopName = accountGlobalName(environment, `${config.name}-hub-alarm-hop`);
    const role = new IamRole(this, 'alarm-hop-role', {
      name: hopName,
      description: "Sends this region's hub alarm state changes and tamper events to the home region",
      assumeRolePolicy: resourcePolicyJson([
        {
          sid: 'EventBridgeOfThisAccount',
          principal: { Service: 'events.amazonaws.com' },
          actions: ['sts:AssumeRole'],
          resources: [],
          conditions: { StringEquals: { 'aws:SourceAccount': plan.account.id } },
        },
      ]),
    });
    new IamRolePolicy(this, 'alarm-hop-policy', {
      name: hopName,
      role: role.id,
      policy: identityPolicyJson([{ sid: 'PutEventsOnHomeDefaultBus', actions: ['events:PutEvents'], resources: [homeDefaultBusArn(config, plan)] }]),
    });
    return arnFor(environment, 'iam', `role/${hopName}`, { global: true });
  }

  /**
   * Tampering alerts from the region it happens in (one bus hop at most, EventBridge's limit:
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html): this region's
   * tamper-alert function, publishing to the home topic across regions as the other hub functions
   * do, is the target of the rules on the hub bus (a member's changes to its guard resources,
   * forwarded by its tamper rules) and of the rules on this region's default bus (changes to the
   * hub's own resources here).
   */
  private addTamperPath(config: GuardsConfig, plan: HubStackPlan, bus: CloudwatchEventBus, key: GuardsKey, alertTopic: AlertTopic | undefined): GuardFunction {
    const environment: AwsEnvironment = { accountId: plan.account.id, region: plan.region };
    // The cloudtrail-alert handler, as the other hub alerts: the account's name comes from the hub's account map.
    const spec = cloudTrailAlertHubFunction(
      { config, hub: config.hub!, memberIds: [], excludedIds: [], memberSettings: {}, accountNamesJson: accountNamesText(config) },
      tamperAlertServiceName,
    );
    const tamperFunction = new GuardFunction(this, 'tamper-alert', {
      environment,
      functionName: hubFunctionName(config.name, tamperAlertServiceName),
      roleName: hubFunctionRoleName(config, tamperAlertServiceName, plan.region),
      handlerName: spec.handlerName,
      description: "Alerts on changes to the guards' own resources in a member account or the hub, naming the account",
      key,
      alertTopic,
      statements: [...spec.statements, ...this.homeTopicStatements(config, plan)],
      variables: spec.variables,
      timeoutSeconds: spec.timeoutSeconds,
    });
    const busName = hubBusName(config.name);
    const route = (id: string, ruleName: string, description: string, pattern: EventPattern, onHubBus: boolean) => {
      const rule = new CloudwatchEventRule(this, `${id}-rule`, {
        name: ruleName,
        // The bus's own reference, so that Terraform creates the bus first.
        ...(onHubBus ? { eventBusName: bus.name } : {}),
        description,
        eventPattern: JSON.stringify(pattern),
      });
      new CloudwatchEventTarget(this, `${id}-target`, {
        rule: rule.name,
        ...(onHubBus ? { eventBusName: bus.name } : {}),
        targetId: tamperAlertServiceName,
        arn: tamperFunction.function.arn,
      });
      tamperFunction.allowInvocation(
        `${id}-rule`,
        'events.amazonaws.com',
        arnFor(environment, 'events', onHubBus ? `rule/${busName}/${ruleName}` : `rule/${ruleName}`),
      );
    };
    // Every hub guard's names: a member may switch any of them on.
    const names = memberGuardResourceNames(config, hubGuardDefinitions);
    memberTamperPatternSet(names, plan.isHomeRegion).forEach((pattern, index) => {
      const ruleName = splitRuleName(`${config.name}-hub-tamper`, index);
      route(index === 0 ? 'tamper' : `tamper-${index + 1}`, ruleName, "Changes to the guards' own resources in a member account", pattern, true);
    });
    for (const { group, pattern } of hubOwnTamperRules(environment, config.name, key.arn)) {
      route(
        `own-tamper-${group}`,
        `${config.name}-hub-own-tamper-${group}`,
        `Changes to the hub's own guard resources (${group.replace(/-/g, ' ')})`,
        pattern,
        false,
      );
    }
    return tamperFunction;
  }

  /** Publishing to the home topic, encrypted with the home region's key, from any hub region. */
  private homeTopicStatements(config: GuardsConfig, plan: HubStackPlan): PolicyStatement[] {
    const statements: PolicyStatement[] = [{ sid: 'PublishToOrganizationAlertTopic', actions: ['sns:Publish'], resources: [hubAlertTopicArn(config)] }];
    if (!plan.isHomeRegion) {
      statements.push({
        sid: 'EncryptForHomeAlertTopic',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [arnFor({ accountId: plan.account.id, region: config.homeRegion }, 'kms', 'key/*')],
        conditions: { 'ForAnyValue:StringEquals': { 'kms:ResourceAliases': `alias/${config.name}` } },
      });
    }
    return statements;
  }

  /**
   * Alarms publish only to a topic of their own region. The home region's alarms use the topic;
   * another region's rule sends its functions' alarm state changes to the home default bus, where
   * one rule turns them into alerts on the topic.
   */
  private addAlarmPath(
    config: GuardsConfig,
    plan: HubStackPlan,
    functions: GuardFunction[],
    alertTopic: AlertTopic | undefined,
    hopRoleArn: string | undefined,
  ): void {
    const alarmState = (extra: Record<string, unknown>) => ({ source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'], ...extra });
    if (alertTopic) {
      if (plan.hubRegions.length < 2) return;
      const ruleName = `${config.name}-hub-regional-alarms`;
      const rule = new CloudwatchEventRule(this, 'regional-alarms-rule', {
        name: ruleName,
        description: "The hub functions' alarms of the other regions",
        eventPattern: JSON.stringify(
          alarmState({
            account: [plan.account.id],
            region: [{ 'anything-but': config.homeRegion }],
            detail: { alarmName: [{ prefix: `${config.name}-` }], state: { value: ['ALARM'] } },
          }),
        ),
      });
      new CloudwatchEventTarget(this, 'regional-alarms-target', {
        rule: rule.name,
        targetId: 'alert-topic',
        arn: alertTopic.arn,
        inputTransformer: {
          inputPaths: { alarm: '$.detail.alarmName', region: '$.region', reason: '$.detail.state.reason', description: '$.detail.configuration.description' },
          inputTemplate: '"Hub alarm <alarm> in <region> is in ALARM: <reason> <description>"',
        },
      });
      alertTopic.allowEventRule(ruleName);
      return;
    }
    const alarmNames = functions.flatMap((guardFunction) => guardFunction.alarmNames).sort();
    if (alarmNames.length === 0) return;
    const rule = new CloudwatchEventRule(this, 'alarm-hop-rule', {
      name: `${config.name}-hub-alarms-to-home`,
      description: "The hub functions' alarms of this region, to the home region's alert path",
      eventPattern: JSON.stringify(alarmState({ detail: { alarmName: alarmNames, state: { value: ['ALARM'] } } })),
    });
    new CloudwatchEventTarget(this, 'alarm-hop-target', {
      rule: rule.name,
      targetId: 'home-region',
      arn: homeDefaultBusArn(config, plan),
      roleArn: hopRoleArn!,
    });
  }
}

function homeDefaultBusArn(config: GuardsConfig, plan: HubStackPlan): string {
  return arnFor({ accountId: plan.account.id, region: config.homeRegion }, 'events', 'event-bus/default');
}
