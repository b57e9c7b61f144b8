import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { IndependentStack } from './independent-stack';
import { CloudwatchEventBus } from '@cdktf/provider-aws/lib/cloudwatch-event-bus';
import { CloudwatchEventBusPolicy } from '@cdktf/provider-aws/lib/cloudwatch-event-bus-policy';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { cloudTrailAlertHubFunction } from '../common/cloudtrail-alert-hub';
import { EventPattern, anyOf } from '../common/event-pattern';
import { GuardFunction } from '../common/guard-function';
import { GuardsKey } from '../common/guards-key';
import { HandlerAssets, HandlerCodeSource } from '../common/handler-assets';
import type { HubFunctionSpec, HubRegionContext } from '../common/hub-hooks';
import { forwarderRoleName, hubAlertTopicArn, hubBusName, hubFunctionName, hubFunctionRoleName } from '../common/hub-names';
import { PolicyStatement, resourcePolicyJson } from '../common/iam-policy';
import { GuardsConfig } from '../config/guards-config';
import { tamperAlertServiceName } from '../../handlers/cloudtrail-alert/contract';
import { hubAlarmRelayServiceName, writeHubAlarmRelayEnvironment } from '../../handlers/hub-alarm-relay/contract';
import { addAwsProvider } from './aws-provider';
import { addBackend } from './backend';
import { HubPageChannel } from './hub-page-channel';
import { hubAlertRouting } from './hub-alert-routing';
import { chatbotProvider } from './chatbot-provider';
import type { AlertRouting } from '../common/alert-routing';
import { SuppressionDigest } from '../common/suppression-digest';
import { HubRuleDelivery } from './hub-rule-delivery';
import { HubHeartbeat } from './hub-heartbeat';
import { HubFailedCallTable } from './hub-failed-call-table';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { hubContextOf, hubHooksOf } from './hub-context';
import { HubMemberDirectory } from './hub-member-directory';
import { HubStackPlan, hubGuardDefinitions } from './hub-plan';
import { hubOwnTamperRules } from './hub-own-tamper-patterns';
import { addHubProtectionOutput } from './hub-protection-output';
import { memberGuardResourceNames, memberTamperPatternSet, splitRuleName } from './hub-tamper-patterns';

/**
 * The hub account in one region: the bus the members forward to, accepting PutEvents only from
 * the organization's forwarder roles; one function per guard of the region with its failure queue
 * and alarms, invoked by a rule on that bus; in the home region, the organization's one alert topic
 * with its e-mail subscriptions, and the organization-trail guards. In other regions a relay function
 * publishes the functions' alarms to the home topic.
 */
export class HubStack extends IndependentStack {
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
    // One set of chat channels for the organization, on the home region's topics.
    const chat = config.alerts.chat;
    const alertTopic = plan.isHomeRegion
      ? new AlertTopic(this, 'alert-topic', {
          environment,
          namePrefix,
          key,
          emails: config.alerts.emails,
          ...(chat ? { chat: { settings: chat, provider: chatbotProvider(this, config, account, region) } } : {}),
        })
      : undefined;
    const alerting = hubAlertRouting(config, region);
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
          alertSubscriberCount: config.alerts.emails.length + [...(chat?.slack ?? []), ...(chat?.teams ?? [])].filter((channel) => !channel.priority).length,
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

    // The accounts the hub serves, read by every hub function at cold start (not their environment).
    const directory = new HubMemberDirectory(this, 'member-directory', {
      environment,
      namePrefix,
      key,
      // The deployer and the principals the hub SCP exempts (break-glass): nobody else writes it.
      writerArns: [...new Set([...(account.roleArn ? [account.roleArn] : []), ...(hub.protection?.exemptPrincipalArns ?? [])])],
    });
    const directoryLists: NonNullable<HubFunctionSpec['memberDirectoryLists']>[] = [];

    // Every rule target below keeps what it could not deliver, and alarms on it.
    const delivery = new HubRuleDelivery(this, 'rule-delivery', { environment, namePrefix, key, alertTopic });
    const functions: GuardFunction[] = [];
    const topicStatements = this.homeTopicStatements(config, plan);
    // Where the region's cloudtrail-alert functions fold each member caller's failed calls into a digest.
    const failedCalls = new HubFailedCallTable(this, 'failed-calls', { environment, namePrefix, key });
    for (const guard of plan.guards) {
      const guardName = guard.definition.name;
      const hooks = hubHooksOf(guard.definition);
      const context: HubRegionContext = {
        ...hubContextOf(config, guard.definition),
        memberDirectory: directory.access,
        environment,
        isHomeRegion: plan.isHomeRegion,
        key,
        alertTopic,
        topicStatements,
        alerting,
        hubBus: { name: bus.name, arn: busArn },
        // The hub bus by its name (a rule ARN names its bus), not the bus resource's token.
        deadLetterFor: (rule) => delivery.watch({ ruleName: rule.ruleName, ...(rule.busName ? { busName } : {}) }),
      };
      const parts = hooks.hubParts(this, context, guard.settings);
      functions.push(...parts.functions);
      const events = hooks.memberEvents(context, guard.settings, plan.isHomeRegion);
      if (events.forwarded.length === 0 && (events.delivered ?? []).length === 0 && events.onHubDefaultBus.length === 0) continue;
      const spec = hooks.hubFunction(context, guard.settings);
      if (!spec) continue;
      if (spec.memberDirectoryLists) directoryLists.push(spec.memberDirectoryLists);
      const functionName = hubFunctionName(namePrefix, guardName);
      const countsFailedCalls = spec.handlerName === cloudTrailAlertHandlerName;
      const guardFunction = new GuardFunction(this, guardName, {
        environment,
        functionName,
        roleName: hubFunctionRoleName(config, guardName, region),
        handlerName: spec.handlerName,
        description: spec.description,
        key,
        alertTopic,
        alerting,
        statements: [
          ...spec.statements,
          ...parts.functionStatements,
          directory.access.readStatement,
          ...topicStatements,
          ...(countsFailedCalls ? [failedCalls.statement] : []),
        ],
        variables: { ...spec.variables, ...(countsFailedCalls ? failedCalls.variables : {}) },
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

    functions.push(this.addTamperPath(config, plan, bus, key, alertTopic, delivery, alerting, directory, failedCalls));
    // Every served member region beats here; a silent one is an alert (docs/hub-mode.md, "Heartbeats").
    const heartbeat = new HubHeartbeat(this, 'heartbeat', {
      config,
      plan,
      busName,
      busReference: bus.name,
      key,
      alertTopic,
      delivery,
      topicStatements,
      memberDirectory: directory.access,
    });
    functions.push(heartbeat.function);
    directory.setContent(config.accounts, [...directoryLists, heartbeat.directoryLists]);
    if (alertTopic && plan.guards.length > 0 && config.suppressions.length > 0) {
      // One digest for the organization: every suppression, its counts summed over the hub regions.
      const digest = new SuppressionDigest(this, 'suppression-digest', {
        environment,
        namePrefix,
        key,
        alertTopic,
        suppressions: config.suppressions,
        metricRegions: plan.hubRegions,
      });
      functions.push(digest.function);
    }
    addHubProtectionOutput(this, config, plan);
    this.addAlarmPath(config, plan, functions, delivery, key, alertTopic);
  }

  /**
   * Tampering alerts from the region it happens in (one bus hop at most, EventBridge's limit:
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-cross-account.html): this region's
   * tamper-alert function, publishing to the home topic across regions as the other hub functions
   * do, is the target of the rules on the hub bus (a member's changes to its guard resources,
   * forwarded by its tamper rules) and of the rules on this region's default bus (changes to the
   * hub's own resources here).
   */
  private addTamperPath(
    config: GuardsConfig,
    plan: HubStackPlan,
    bus: CloudwatchEventBus,
    key: GuardsKey,
    alertTopic: AlertTopic | undefined,
    delivery: HubRuleDelivery,
    alerting: AlertRouting,
    directory: HubMemberDirectory,
    failedCalls: HubFailedCallTable,
  ): GuardFunction {
    const environment: AwsEnvironment = { accountId: plan.account.id, region: plan.region };
    // The cloudtrail-alert handler, as the other hub alerts: the account's name comes from the member directory.
    const spec = cloudTrailAlertHubFunction(
      { config, hub: config.hub!, memberIds: [], excludedIds: [], memberSettings: {}, memberDirectory: directory.access },
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
      alerting,
      statements: [...spec.statements, directory.access.readStatement, ...this.homeTopicStatements(config, plan), failedCalls.statement],
      variables: { ...spec.variables, ...failedCalls.variables },
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
        deadLetterConfig: delivery.watch({ ruleName, ...(onHubBus ? { busName } : {}) }),
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
    const ruleName = `${config.name}-hub-alarms`;
    const deadLetterConfig = delivery.watch({ ruleName });
    const rule = new CloudwatchEventRule(this, 'alarm-relay-rule', {
      name: ruleName,
      description: "The hub's guard alarms of this region, to the organization's alert topic",
      eventPattern: JSON.stringify(hubAlarmRelayPattern(config.name, plan.account.id)),
    });
    new CloudwatchEventTarget(this, 'alarm-relay-target', { rule: rule.name, targetId: hubAlarmRelayServiceName, arn: relay.function.arn, deadLetterConfig });
    relay.allowInvocation('alarm-rule', 'events.amazonaws.com', arnFor(environment, 'events', `rule/${ruleName}`));
  }
}

/**
 * The hub's own guard alarms (the functions', the relay's own, the watched rules' and queues'): every
 * alarm of the hub account named `<prefix>-`. A prefix, not the list of names: the list grows with
 * every guard and detection and outgrew EventBridge's 2,048 characters of pattern
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html). It matches the same
 * alarms: the hub's service control policy denies `cloudwatch:PutMetricAlarm` on `alarm:<prefix>-*`
 * to all but the deployer and the guard roles (hub-protection-policy.ts), and a member's alarm is
 * another account's.
 */
function hubAlarmRelayPattern(namePrefix: string, hubAccountId: string): Record<string, unknown> {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    account: [hubAccountId],
    detail: { alarmName: [{ prefix: `${namePrefix}-` }], state: { value: ['ALARM'] } },
  };
}
