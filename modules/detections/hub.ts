import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { GuardFunction } from '../common/guard-function';
import { HubHooks } from '../common/hub-hooks';
import { hubAlertTopicArn, hubFunctionName, hubFunctionRoleName } from '../common/hub-names';
import { memberAccountVariables, memberDirectoryStatements } from '../common/hub-member-access';
import { writeDetectionsEnvironment } from '../../handlers/detections/contract';
import { addDetectionRules } from './detection-rules';
import { detectionsGuardName, detectionsHandlerName, selectDetections } from './index';
import { memberForwardPattern } from './member-forwarding';
import type { ResolvedDetectionsSettings } from './settings';

const guardName = detectionsGuardName;

/**
 * The detections' rule in each member region: a rule of its own, since the member's one forwarding
 * rule (an `$or` of every guard's patterns) is near EventBridge's 2,048 characters.
 */
export function memberDetectionsForwardRuleName(namePrefix: string): string {
  return `${hubFunctionName(namePrefix, guardName)}-forward`;
}

/** The detections of a member region and of its hub region: the global ones (IAM, Organizations) where the home region is. */
function detectionsOf(settings: ResolvedDetectionsSettings, isHomeRegion: boolean) {
  return selectDetections(settings.disabled, isHomeRegion);
}

/**
 * detections in hub mode: each member region forwards the calls of its detections on one rule of
 * its own (a superset: member-forwarding.ts); the hub region runs the standalone function on its
 * hub bus, behind the standalone rules with the exact patterns, and alerts naming the member
 * account. The function and rules are hub parts, not the routed function, because the rules carry
 * their index to the handler (an event two rules match alerts once).
 */
export const detectionsHub: HubHooks<ResolvedDetectionsSettings> = {
  // One hub function renders every member's calls: the detections and allow-list are the organization's.
  perAccountSettings: ['enabled'],

  memberEvents(_context, settings, isHomeRegion) {
    const pattern = memberForwardPattern(detectionsOf(settings, isHomeRegion));
    return { forwarded: [], ...(pattern ? { delivered: [pattern] } : {}), onHubDefaultBus: [] };
  },

  hubFunction: () => undefined,

  hubParts(scope, context, settings) {
    const { config, environment } = context;
    const detections = detectionsOf(settings, context.isHomeRegion);
    if (detections.length === 0) return { functions: [], functionStatements: [] };
    const functionName = hubFunctionName(config.name, guardName);
    const alertTopicArn = hubAlertTopicArn(config);
    const guardFunction = new GuardFunction(scope, `${guardName}-function`, {
      environment,
      functionName,
      roleName: hubFunctionRoleName(config, guardName, environment.region),
      handlerName: detectionsHandlerName,
      description: "Sends a readable alert of each member's CloudTrail call a detection of the catalogue matches, naming the account",
      key: context.key,
      ...(context.alertTopic ? { alertTopic: context.alertTopic } : {}),
      alerting: context.alerting,
      statements: [...memberDirectoryStatements(context), ...context.topicStatements],
      timeoutSeconds: 30,
      memorySizeMb: 128,
      variables: {
        ...writeDetectionsEnvironment({
          alertTopicArn,
          serviceName: guardName,
          namePrefix: config.name,
          detections: detections.map((detection) => detection.id),
          allowList: settings.allowList,
        }),
        ...memberAccountVariables(context),
      },
    });
    addDetectionRules(scope, guardFunction, detections, {
      ruleNamePrefix: `${functionName}-members`,
      eventBusName: context.hubBus.name,
      deadLetterFor: context.deadLetterFor,
    });
    return { functions: [guardFunction], functionStatements: [] };
  },

  memberResources(scope, context, settings) {
    const pattern = memberForwardPattern(detectionsOf(settings, context.isHomeRegion));
    if (!pattern) return;
    const rule = new CloudwatchEventRule(scope, `${guardName}-forward-rule`, {
      name: memberDetectionsForwardRuleName(context.config.name),
      description: "Forwards the calls of the detections catalogue to the hub's detections function",
      eventPattern: JSON.stringify(pattern),
    });
    new CloudwatchEventTarget(scope, `${guardName}-forward-target`, {
      rule: rule.name,
      targetId: 'hub-bus',
      arn: context.hubBusArn,
      roleArn: context.forwarderRoleArn,
    });
  },

  // The forwarding rule is in every member region (memberResources), so it is watched in every region.
  memberTamperNames: (config) => ({ ruleNames: [memberDetectionsForwardRuleName(config.name)] }),

  hubSettingsIssues: () => [],
};
