/**
 * The check every alert passes before it is published: a matching suppression (SUPPRESSIONS, see
 * suppression-contract.ts) holds it back and counts it. The count is one CloudWatch embedded-metric
 * line on standard output (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html):
 * CloudWatch Logs turns it into the metric the weekly digest reads, with no call and no grant beyond
 * the function's own log writes (PutMetricData would need both).
 */
import { readEnvironment, serviceNameVariable } from './contract';
import { Suppression, SuppressibleEvent, suppressionFor, suppressionKey } from './suppression';
import { suppressionMetric, suppressionsVariable } from './suppression-contract';

/**
 * What the alerting code knows of the event (the guard is the function's own), or `neverSuppressed`:
 * the report of a failed, refused or half-done remediation is always sent.
 */
export type AlertFacts = Omit<SuppressibleEvent, 'guard'> | typeof neverSuppressed;

export const neverSuppressed = 'never-suppressed';

const environment = { guardName: serviceNameVariable, suppressions: suppressionsVariable };

/** The suppression that holds this alert back (counted), or undefined: publish it. */
export function suppressedBy(
  facts: AlertFacts,
  now: Date = new Date(),
  write: (line: string) => void = (line) => process.stdout.write(line),
): Suppression | undefined {
  if (facts === neverSuppressed) return undefined;
  const { guardName, suppressions } = readEnvironment(environment);
  if (!suppressions || suppressions.length === 0) return undefined;
  const suppression = suppressionFor(suppressions, { ...facts, guard: guardName }, now);
  if (!suppression) return undefined;
  const key = suppressionKey(suppression);
  write(
    `${JSON.stringify({
      _aws: {
        Timestamp: now.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: suppressionMetric.namespace,
            Dimensions: [[suppressionMetric.dimension]],
            Metrics: [{ Name: suppressionMetric.metricName, Unit: 'Count' }],
          },
        ],
      },
      [suppressionMetric.dimension]: key,
      [suppressionMetric.metricName]: 1,
      message: 'alert suppressed',
      guard: guardName,
      owner: suppression.owner,
      expires: suppression.expires,
      ...facts,
    })}\n`,
  );
  return suppression;
}
