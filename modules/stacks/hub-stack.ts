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
import { hubAlarmRelayServiceName, writeHubAlarmRelayEnvironment } from '../../handlers/hub-alarm-relay/contract';
import { addAwsProvider } from './aws-provider';
import { addBackend } from './backend';
import { HubPageChannel } from './hub-page-channel';
import { HubRuleDelivery } from './hub-rule-delivery';
import { hubContextOf, hubHooksOf } from './hub-context';
import { HubStackPlan, hubGuardDefinitions } from './hub-plan';
import { memberGuardResourceNames, memberTamperPattern } from './hub-tamper-patterns';

/**
 * The hub account in one region: the bus the members forward to, accepting PutEvents only from
 * the organization's forwarder roles; one function per guard of the region with its failure queue
 * and alarms, invoked by a rule on that bus; in the home region, the organization's one alert topic
 * with its e-mail subscriptions, and the organization-trail guards. In other regions a relay function
 * publishes the functions' alarms to the home topic.
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
      if (config.alerts.pageEmails.length > 0) {
        new HubPageChannel(this, 'page-channel', {
          environment,
          namePrefix,
          key,
          alertTopic,
          alertEmailCount: config.alerts.emails.length,
          pageEmails: config.alerts.pageEmails,
        });
      }
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

    // Every rule target below keeps what it could not deliver, and alarms on it.
    const delivery = new HubRuleDelivery(this, 'rule-delivery', { environment, namePrefix, key, alertTopic });
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
        ...(spec.reservedConcurrency !== undefined ? { reservedConcurrency: spec.reservedConcurrency } : {}),
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
          deadLetterConfig: delivery.watch({ ruleName: `${functionName}-${id}`, ...(onHubBus ? { busName } : {}) }),
        });
        const ruleArn = arnFor(environment, 'events', onHubBus ? `rule/${busName}/${functionName}-${id}` : `rule/${functionName}-${id}`);
        guardFunction.allowInvocation(`${id}-rule`, 'events.amazonaws.com', ruleArn);
      };
      route('members', [...events.forwarded, ...(events.delivered ?? [])], true);
      route('organization', events.onHubDefaultBus, false);
    }

    const hopRoleArn = alertTopic ? undefined : this.addHopRole(config, plan, environment);
    const tamperFunction = this.addTamperPath(config, plan, bus, key, alertTopic, hopRoleArn);
    if (tamperFunction) functions.push(tamperFunction);
    this.addAlarmPath(config, plan, functions, delivery, key, alertTopic);
  }

  /** Outside the home region: the role that puts this region's tamper events on the home default bus. */
  private addHopRole(config: GuardsConfig, plan: HubStackPlan, environment: AwsEnvironment): string {
    const hopName = accountGlobalName(environment, `${config.name}-hub-alarm-hop`);
    const role = new IamRole(this, 'alarm-hop-role', {
      name: hopName,
      description: "Sends this region's tamper events to the home region",
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
   * Changes to a member's guard resources (forwarded by its tamper rule) alert through the home
   * region's tamper-alert function, which names the member account by id and name: from the hub bus
   * in the home region, and through the home default bus from the others.
   */
  private addTamperPath(
    config: GuardsConfig,
    plan: HubStackPlan,
    bus: CloudwatchEventBus,
    key: GuardsKey,
    alertTopic: AlertTopic | undefined,
    hopRoleArn: string | undefined,
  ): GuardFunction | undefined {
    // Every hub guard's names: a member may switch any of them on.
    const names = memberGuardResourceNames(config, hubGuardDefinitions);
    const busName = hubBusName(config.name);
    const ruleName = `${config.name}-hub-tamper`;
    const rule = new CloudwatchEventRule(this, 'tamper-rule', {
      name: ruleName,
      // The bus's own reference, so that Terraform creates the bus first.
      eventBusName: bus.name,
      description: "Changes to the guards' own resources in a member account",
      eventPattern: JSON.stringify(memberTamperPattern(names, plan.isHomeRegion)),
    });
    if (!alertTopic) {
      new CloudwatchEventTarget(this, 'tamper-target', {
        rule: rule.name,
        eventBusName: bus.name,
        targetId: 'home-region',
        arn: homeDefaultBusArn(config, plan),
        roleArn: hopRoleArn!,
      });
      return undefined;
    }
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
      description: "Alerts on changes to the guards' own resources in a member account, naming the account",
      key,
      alertTopic,
      statements: [...spec.statements, ...this.homeTopicStatements(config, plan)],
      variables: spec.variables,
      timeoutSeconds: spec.timeoutSeconds,
    });
    new CloudwatchEventTarget(this, 'tamper-target', {
      rule: rule.name,
      eventBusName: bus.name,
      targetId: tamperAlertServiceName,
      arn: tamperFunction.function.arn,
    });
    tamperFunction.allowInvocation('tamper-rule', 'events.amazonaws.com', arnFor(environment, 'events', `rule/${busName}/${ruleName}`));
    if (plan.hubRegions.length < 2) return tamperFunction;
    const regionalName = `${config.name}-hub-regional-tamper`;
    const regional = new CloudwatchEventRule(this, 'regional-tamper-rule', {
      name: regionalName,
      description: "Changes to the guards' own resources in members, from the other hub regions",
      eventPattern: JSON.stringify({ ...memberTamperPattern(names, false), region: [{ 'anything-but': config.homeRegion }] }),
    });
    new CloudwatchEventTarget(this, 'regional-tamper-target', { rule: regional.name, targetId: tamperAlertServiceName, arn: tamperFunction.function.arn });
    tamperFunction.allowInvocation('regional-tamper-rule', 'events.amazonaws.com', arnFor(environment, 'events', `rule/${regionalName}`));
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
   * Alarms publish only to a topic of their own region
   * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html), and an
   * EventBridge rule reaches another region only through an event bus, which would be a second hop for
   * anything already forwarded (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-region.html,
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html). The home region's
   * alarms notify the topic; each other region's rule invokes a relay function of that region, which
   * publishes to the home topic itself: no bus-to-bus hop.
   */
  private addAlarmPath(
    config: GuardsConfig,
    plan: HubStackPlan,
    functions: GuardFunction[],
    delivery: HubRuleDelivery,
    key: GuardsKey,
    alertTopic: AlertTopic | undefined,
  ): void {
    if (alertTopic || functions.length === 0) return;
    const environment: AwsEnvironment = { accountId: plan.account.id, region: plan.region };
    const relayName = hubFunctionName(config.name, hubAlarmRelayServiceName);
    const relay = new GuardFunction(this, 'alarm-relay', {
      environment,
      functionName: relayName,
      roleName: hubFunctionRoleName(config, hubAlarmRelayServiceName, plan.region),
      handlerName: hubAlarmRelayServiceName,
      description: "Alerts this region's hub alarms on the organization's topic in the home region",
      key,
      statements: this.homeTopicStatements(config, plan),
      variables: writeHubAlarmRelayEnvironment({ alertTopicArn: hubAlertTopicArn(config), serviceName: hubAlarmRelayServiceName }),
    });
    // The relay's own alarms too: an erroring relay may still get one through.
    const ruleName = `${config.name}-hub-alarms`;
    const deadLetterConfig = delivery.watch({ ruleName });
    const alarmNames = [...[...functions, relay].flatMap((guardFunction) => guardFunction.alarmNames), ...delivery.alarmNames].sort();
    const rule = new CloudwatchEventRule(this, 'alarm-relay-rule', {
      name: ruleName,
      description: "The hub functions' alarms of this region, to the organization's alert topic",
      eventPattern: JSON.stringify({
        source: ['aws.cloudwatch'],
        'detail-type': ['CloudWatch Alarm State Change'],
        account: [plan.account.id],
        detail: { alarmName: alarmNames, state: { value: ['ALARM'] } },
      }),
    });
    new CloudwatchEventTarget(this, 'alarm-relay-target', { rule: rule.name, targetId: hubAlarmRelayServiceName, arn: relay.function.arn, deadLetterConfig });
    relay.allowInvocation('alarm-rule', 'events.amazonaws.com', arnFor(environment, 'events', `rule/${ruleName}`));
  }
}

function homeDefaultBusArn(config: GuardsConfig, plan: HubStackPlan): string {
  return arnFor({ accountId: plan.account.id, region: config.homeRegion }, 'events', 'event-bus/default');
}
