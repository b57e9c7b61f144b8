/**
 * The two filters of the iam-change-alert guard over the same IAM calls: the CloudWatch Logs metric
 * filter of the classic alarm and the EventBridge pattern of the detailed alert.
 */

/** CloudWatch Logs accepts filter patterns of at most this many characters. */
export const maxMetricFilterPatternLength = 1024;

/** Matches the trail's records of the named IAM calls (successful or not). */
export function iamChangeFilterPattern(eventNames: readonly string[]): string {
  const names = eventNames.map((name) => `($.eventName = "${name}")`).join(' || ');
  return `{ ($.eventSource = "iam.amazonaws.com") && (${names}) }`;
}

/** EventBridge delivers IAM's CloudTrail events under source `aws.iam`, in the partition's global-events region only. */
export function iamChangeEventPattern(eventNames: readonly string[]): Record<string, unknown> {
  return {
    source: ['aws.iam'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['iam.amazonaws.com'], eventName: [...eventNames] },
  };
}
