import { Construct } from 'constructs';
import { addFunctionOutputs } from '../common/function-outputs';
import type { GuardWiring } from '../common/guard-definition';
import { TerraformOutput, Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { AwsEnvironment, partitionOf } from '../common/aws-environment';
import { globalEventsRegionOfPartition } from '../common/global-events-region';
import { GuardFunction } from '../common/guard-function';
import { validateSettings } from '../common/validate-settings';
import { Detection, detectionCatalogue, writeDetectionsEnvironment } from '../../handlers/detections/contract';
import { addDetectionRules } from './detection-rules';
import { detectionsStatements } from './permissions';
import { DetectionsSettings, detectionsDefaults, detectionsSettingsSchema } from './settings';

export type { DetectionsSettings, DetectionAllowanceSettings } from './settings';

export const detectionsGuardName = 'detections';
/** The folder under handlers/ the detections function runs. */
export const detectionsHandlerName = 'detections';

export type DetectionsProps = DetectionsSettings & GuardWiring;

/**
 * The detections of the region: regional ones in every region, global ones (IAM, Organizations) in
 * the partition's global-events region only, where EventBridge receives them. Literal only: a
 * region given as a Terraform reference gets the regional detections.
 */
export function detectionsOfRegion(environment: AwsEnvironment, disabled: readonly string[]): Detection[] {
  const globalRegion = globalEventsRegionOfPartition[partitionOf(environment)];
  return selectDetections(disabled, !Token.isUnresolved(environment.region) && environment.region === globalRegion);
}

/** The enabled detections, in catalogue order: the regional ones, and the global ones too where `holdsGlobal`. */
export function selectDetections(disabled: readonly string[], holdsGlobal: boolean): Detection[] {
  return detectionCatalogue.filter((detection) => !disabled.includes(detection.id) && (detection.scope === 'regional' || holdsGlobal));
}

/**
 * Alert-only CloudTrail detections from the catalogue (handlers/detections/catalogue): trail,
 * flow-log and DNS-log tampering, key deletion, sharing of images and snapshots, backdoored roles,
 * functions and identity providers, commands on instances, network changes, root use and refused
 * calls. The detections of the region are packed into as few EventBridge rules as the pattern size
 * allows, all sent to one function that renders each call's readable alert. See README.md beside
 * this file.
 *
 * @example
 * new Detections(stack, 'detections', { environment, namePrefix: 'guards', key, alertTopic, disabled: ['unauthorized-api-calls'] });
 */
export class Detections extends Construct {
  readonly function?: GuardFunction;
  readonly rules: CloudwatchEventRule[] = [];

  constructor(scope: Construct, id: string, props: DetectionsProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(detectionsGuardName, detectionsSettingsSchema, given);
    const settings = { ...detectionsDefaults, ...given };
    const detections = detectionsOfRegion(environment, settings.disabled);
    if (detections.length === 0) return;

    const functionName = `${namePrefix}-${detectionsGuardName}`;
    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: detectionsHandlerName,
      description: 'Sends a readable alert of each CloudTrail call a detection of the catalogue matches',
      key,
      alertTopic,
      statements: detectionsStatements(alertTopic.arn),
      timeoutSeconds: 30,
      memorySizeMb: 128,
      variables: writeDetectionsEnvironment({
        alertTopicArn: alertTopic.arn,
        serviceName: detectionsGuardName,
        namePrefix,
        detections: detections.map((detection) => detection.id),
        allowList: settings.allowList,
      }),
    });

    this.rules.push(...addDetectionRules(this, this.function, detections, { ruleNamePrefix: `${namePrefix}-detections` }));

    addFunctionOutputs(this, this.function, { does: "renders the detections' alerts", unhandled: 'the detection events the function' });
    new TerraformOutput(this, 'rule-names', { description: 'EventBridge rules of the detections', value: this.rules.map((rule) => rule.name) });
  }
}
