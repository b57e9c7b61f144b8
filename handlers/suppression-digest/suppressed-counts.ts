/**
 * Reads how often each suppression held an alert back in the digest's week: the SuppressedAlerts
 * metric that the alerting functions' log lines make (handlers/common/suppressed-alert.ts), one
 * query per suppression, in one GetMetricData call (up to 500 queries).
 */
import { CloudWatchClient, GetMetricDataCommand, MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { Suppression, SuppressedCount, suppressionKey } from '../common/suppression';
import { suppressionMetric } from '../common/suppression-contract';

export function countQueries(suppressions: readonly Suppression[], periodSeconds: number): MetricDataQuery[] {
  return suppressions.map((suppression, index) => ({
    Id: `s${index}`,
    MetricStat: {
      Metric: {
        Namespace: suppressionMetric.namespace,
        MetricName: suppressionMetric.metricName,
        Dimensions: [{ Name: suppressionMetric.dimension, Value: suppressionKey(suppression) }],
      },
      Period: periodSeconds,
      Stat: 'Sum',
    },
    ReturnData: true,
  }));
}

export async function suppressedCounts(cloudwatch: CloudWatchClient, suppressions: readonly Suppression[], start: Date, end: Date): Promise<SuppressedCount[]> {
  if (suppressions.length === 0) return [];
  const periodSeconds = Math.round((end.getTime() - start.getTime()) / 1000);
  const totals = new Map<string, number>();
  let nextToken: string | undefined;
  do {
    const page = await cloudwatch.send(
      new GetMetricDataCommand({ MetricDataQueries: countQueries(suppressions, periodSeconds), StartTime: start, EndTime: end, NextToken: nextToken }),
    );
    for (const result of page.MetricDataResults ?? []) {
      if (!result.Id) continue;
      totals.set(result.Id, (totals.get(result.Id) ?? 0) + (result.Values ?? []).reduce((sum, value) => sum + value, 0));
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return suppressions.map((suppression, index) => ({ suppression, count: totals.get(`s${index}`) ?? 0 }));
}

/** The counts of several regions (each the same suppressions, in order) as one: summed per suppression. */
export function sumCounts(perRegion: readonly (readonly SuppressedCount[])[]): SuppressedCount[] {
  const [first = [], ...rest] = perRegion;
  return first.map((entry, index) => ({ suppression: entry.suppression, count: rest.reduce((sum, counts) => sum + (counts[index]?.count ?? 0), entry.count) }));
}
