/**
 * What one detection is (README "Detections"): a CloudTrail call, the conditions that make it worth
 * an alert, the CIS controls and Stratus Red Team techniques it answers, its severity and the facts
 * its alert shows. Pure data and pure functions: the construct builds its EventBridge pattern from
 * it, the handler renders its alert, the coverage test runs both over the project's records.
 */
import { AlertFact } from '../../common/alert-format';
import { CloudTrailRecord } from '../../common/cloudtrail-record';

/** CIS AWS Foundations monitoring control, as numbered in v3-v5 (4.x); v6 numbers them 5.x. */
export type CisControlId = '4.1' | '4.2' | '4.3' | '4.4' | '4.5' | '4.6' | '4.7' | '4.8' | '4.9' | '4.10' | '4.11' | '4.12' | '4.13' | '4.14' | '4.15';

export type Severity = 'critical' | 'high' | 'medium' | 'low';

/**
 * A condition on the CloudTrail record beyond its event name, at a dotted path (`requestParameters.userData`).
 * Each becomes one EventBridge pattern member and one check in the handler, from this one definition.
 * `exists` must name a leaf value (a string, number or list of them): EventBridge's exists matching
 * "only works on leaf nodes" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html).
 */
export type DetectionCondition =
  | { readonly path: string; readonly exists: boolean }
  | { readonly path: string; readonly anyOf: readonly string[]; readonly prefixes?: readonly string[] }
  | { readonly path: string; readonly noneOf: readonly string[] };

/** Something about the call that makes it dangerous, shown as a subject marker and a fact. */
export interface Danger {
  /** Short, upper case: `OUTSIDE ACCOUNT`, `PUBLIC`, `GUARD RESOURCE`. */
  readonly marker: string;
  /** The reason, for the body. */
  readonly reason: string;
}

/** What a detection's describer knows besides the record. */
export interface DetectionContext {
  /** Prefix of the guards' own resource names: a call on `<prefix>-*` is on the guards themselves. */
  readonly namePrefix: string;
}

/** What a detection says about one call. */
export interface DetectionFacts {
  /** The resource acted on, e.g. `trail org-trail`, `snapshot snap-0123`. */
  readonly resource: string | undefined;
  readonly facts: readonly AlertFact[];
  readonly dangers: readonly Danger[];
}

export interface Detection {
  /** kebab-case, unique; the key of the detection in config (`guards.detections.disabled`). */
  readonly id: string;
  /** What the alert is about, e.g. `CloudTrail trail stopped or changed`. */
  readonly title: string;
  /** Why a person should look, one sentence. */
  readonly why: string;
  /**
   * `regional`: the service delivers its events to EventBridge in the region of the call.
   * `global`: IAM, Organizations and the global STS endpoint deliver theirs in us-east-1 only.
   */
  readonly scope: 'regional' | 'global';
  /** CloudTrail `eventSource`, e.g. `cloudtrail.amazonaws.com`; `*` for any service (CIS 4.1, 4.3). */
  readonly eventSource: string;
  /** CloudTrail `eventName`s; empty for any call of the source. */
  readonly eventNames: readonly string[];
  readonly conditions?: readonly DetectionCondition[];
  /** EventBridge detail types; default: API calls only. */
  readonly detailTypes?: readonly string[];
  readonly cis: readonly CisControlId[];
  /** Stratus Red Team technique ids, e.g. `aws.defense-evasion.cloudtrail-stop`. */
  readonly stratus: readonly string[];
  /** MITRE ATT&CK technique ids, for a detection no CIS control or Stratus technique names. */
  readonly attack?: readonly string[];
  readonly severity: Severity;
  /** Alert only when the describer finds a danger (e.g. a permission to an outside principal); others are logged only. */
  readonly onlyWhenDangerous?: boolean;
  readonly describe: (record: CloudTrailRecord, context: DetectionContext) => DetectionFacts;
}

/** The one definition of a detection, with its literal id kept for the registry. */
export function defineDetection<const Id extends string>(detection: Detection & { readonly id: Id }): Detection & { readonly id: Id } {
  return detection;
}
