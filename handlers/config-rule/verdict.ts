/** What a Config rule reports for one resource. */
export type ComplianceType = 'COMPLIANT' | 'NON_COMPLIANT' | 'NOT_APPLICABLE';

/** A rule's judgement of one resource, with the reason a person reads in the Config console. */
export interface Verdict {
  readonly compliance: ComplianceType;
  readonly annotation: string;
}

/** One evaluation to report: the verdict, the resource it is about, and when its facts were true. */
export interface ResourceEvaluation extends Verdict {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly orderingTimestamp: Date;
}

/** AWS Config rejects annotations longer than this. */
export const maxAnnotationLength = 256;

/**
 * The annotation cut to Config's limit. Builders put what identifies the finding (group, rule,
 * port; user, days) first, so a cut only loses the tail.
 */
export function withinAnnotationLimit(text: string): string {
  return text.length <= maxAnnotationLength ? text : `${text.slice(0, maxAnnotationLength - 1)}…`;
}

/** A verdict whose annotation fits Config's limit. */
export function verdict(compliance: ComplianceType, annotation: string): Verdict {
  return { compliance, annotation: withinAnnotationLimit(annotation) };
}
