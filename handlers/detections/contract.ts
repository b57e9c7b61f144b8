/**
 * What the detections handler and the constructs that run it (the detections guard; the hub later)
 * must agree on: the environment, the catalogue, the rule input. Pure: modules/ imports this file,
 * so no AWS SDK, logger or parser here.
 */
import {
  EnvironmentValues,
  TextOf,
  VariableType,
  alertTopicArnVariable,
  commaSeparatedList,
  invalidVariable,
  readEnvironment,
  serviceNameVariable,
  text,
  variable,
  writeEnvironment,
} from '../common/contract';
import { detectionIds } from './catalogue';

export { detectionById, detectionCatalogue, detectionIds } from './catalogue';
export type { DetectionId } from './catalogue';
export type { CisControlId, Detection, Severity } from './catalogue/detection';
export { cisControls } from './catalogue/cis-controls';
export type { CisControl } from './catalogue/cis-controls';
export { detectionPattern, maxEventPatternLength, packIntoRules, rulePattern } from './catalogue/event-pattern';

/** Calls of one detection that are expected and alert no one: by caller ARN pattern, caller account or calling service. */
export interface DetectionAllowance {
  readonly detection: string;
  /** Caller ARNs, `*` for any run of characters, e.g. `arn:aws:sts::111122223333:assumed-role/ci-deploy/*`. */
  readonly principalArns?: readonly string[];
  /** Accounts of the caller (`userIdentity.accountId`). */
  readonly accounts?: readonly string[];
  /** AWS services calling on a principal's behalf (`userIdentity.invokedBy`), e.g. `cloudformation.amazonaws.com`. */
  readonly invokedBy?: readonly string[];
}

const allowanceKeys = ['detection', 'principalArns', 'accounts', 'invokedBy'];

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The allow-list as JSON text; each entry checked on read, naming the variable. */
const allowListType: VariableType<readonly DetectionAllowance[]> = {
  acceptsEmpty: false,
  decode: (value, name) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalidVariable(name, 'a JSON list of allowances', value);
    }
    const valid =
      Array.isArray(parsed) &&
      parsed.every(
        (entry) =>
          typeof entry === 'object' &&
          entry !== null &&
          typeof (entry as DetectionAllowance).detection === 'string' &&
          Object.keys(entry).every((key) => allowanceKeys.includes(key)) &&
          ['principalArns', 'accounts', 'invokedBy'].every(
            (key) => (entry as Record<string, unknown>)[key] === undefined || isTextList((entry as Record<string, unknown>)[key]),
          ),
      );
    if (!valid) throw invalidVariable(name, 'a JSON list of {detection, principalArns?, accounts?, invokedBy?}', value);
    return parsed as DetectionAllowance[];
  },
  encode: (value, textOf) => (typeof value === 'string' ? textOf(value) : JSON.stringify(value)),
};

export const detectionsEnvironment = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
  /** The guards' resource-name prefix: a call on `<prefix>-*` is marked as one on the guards themselves. */
  namePrefix: variable('GUARDS_NAME_PREFIX', text),
  /** The detections this function renders, in catalogue order: the rule packing is recomputed from them. */
  detections: variable(
    'DETECTIONS',
    commaSeparatedList({
      nonEmpty: true,
      check: (items, name, value) => {
        const unknown = items.filter((item) => !(detectionIds as readonly string[]).includes(item));
        if (unknown.length > 0) throw invalidVariable(name, `a list of detection ids (unknown: ${unknown.join(', ')})`, value);
      },
    }),
  ),
  allowList: variable('DETECTION_ALLOW_LIST', allowListType),
} as const;
export type DetectionsEnvironment = EnvironmentValues<typeof detectionsEnvironment>;

export function readDetectionsEnvironment(env: NodeJS.ProcessEnv = process.env): DetectionsEnvironment {
  return readEnvironment(detectionsEnvironment, env);
}
export function writeDetectionsEnvironment(values: DetectionsEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(detectionsEnvironment, values, textOf);
}

/**
 * The target input of detection rule `ruleIndex`: the whole event, with the index of the rule that
 * delivered it, so that an event two rules match alerts once (from the rule of the detection that
 * renders it). `<aws.events.event.json>` is EventBridge's predefined variable for the original event
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html).
 */
export function detectionRuleInputTemplate(ruleIndex: number): string {
  return `{"ruleIndex": ${ruleIndex}, "event": <aws.events.event.json>}`;
}
