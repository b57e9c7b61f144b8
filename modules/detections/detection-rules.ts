import type { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import type { GuardFunction } from '../common/guard-function';
import { Detection, detectionRuleInputTemplate, packIntoRules, rulePattern } from '../../handlers/detections/contract';

export interface DetectionRulesOptions {
  /** Name of rule `i`: `<ruleNamePrefix>-<i>`. */
  readonly ruleNamePrefix: string;
  /** The bus the rules are on (the hub bus in hub mode); the default bus when left out. */
  readonly eventBusName?: string;
  /** In the hub: the dead-letter queue of each rule's target (HubRegionContext.deadLetterFor). */
  readonly deadLetterFor?: (rule: { readonly ruleName: string; readonly busName?: string }) => { readonly arn: string };
}

/**
 * The detections' exact patterns packed into as few rules as the pattern size allows, each sending
 * the whole event and its rule's index to the detections function (which alerts an event two rules
 * match once). The same rules standalone (default bus) and in the hub (hub bus).
 */
export function addDetectionRules(
  scope: Construct,
  guardFunction: GuardFunction,
  detections: readonly Detection[],
  options: DetectionRulesOptions,
): CloudwatchEventRule[] {
  const bus = options.eventBusName ? { eventBusName: options.eventBusName } : {};
  return packIntoRules(detections).map((ruleDetections, index) => {
    const rule = new CloudwatchEventRule(scope, `rule-${index}`, {
      name: `${options.ruleNamePrefix}-${index}`,
      ...bus,
      description: `Detections: ${ruleDetections.map((detection) => detection.id).join(', ')}`.slice(0, 512),
      eventPattern: JSON.stringify(rulePattern(ruleDetections)),
    });
    new CloudwatchEventTarget(scope, `target-${index}`, {
      rule: rule.name,
      ...bus,
      targetId: 'render-detection',
      arn: guardFunction.function.arn,
      inputTransformer: { inputTemplate: detectionRuleInputTemplate(index) },
      ...(options.deadLetterFor
        ? { deadLetterConfig: options.deadLetterFor({ ruleName: `${options.ruleNamePrefix}-${index}`, busName: options.eventBusName }) }
        : {}),
    });
    guardFunction.allowInvocation(`detections-rule-${index}`, 'events.amazonaws.com', rule.arn);
    return rule;
  });
}
