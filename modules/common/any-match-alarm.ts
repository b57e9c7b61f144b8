/**
 * How the guards alarm on a metric filter's count: in alarm as soon as one matching log event
 * arrives in a five-minute period (CIS and Security Hub prescribe threshold 1, greater or equal),
 * quiet when none did.
 */
export const anyMatchInFiveMinutes = {
  statistic: 'Sum',
  period: 300,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 1,
  comparisonOperator: 'GreaterThanOrEqualToThreshold',
  treatMissingData: 'notBreaching',
} as const;
