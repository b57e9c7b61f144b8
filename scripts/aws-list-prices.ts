/**
 * The fixed monthly charges the guards' stacks create, at AWS list prices for us-east-1. One file,
 * so that every figure `npm run bench:footprint` prints comes from here.
 *
 * Sources (read 2026-11-26):
 * - AWS KMS pricing, https://aws.amazon.com/kms/pricing/ : "Each AWS KMS key that you create in
 *   KMS costs $1/month". Automatic rotation adds $1/month per newly generated backing key (for the
 *   first two rotations); that growth over the years is left out.
 * - Amazon CloudWatch pricing, https://aws.amazon.com/cloudwatch/pricing/ : standard-resolution
 *   alarm, $0.10 per alarm metric per month.
 *
 * Resources without a fixed monthly charge (Lambda functions, SQS queues, SNS topics and e-mail
 * subscriptions, EventBridge rules and buses, IAM roles, log groups, metric filters, S3 buckets)
 * cost only by use. Usage-based charges are left out: invocations, requests, events delivered,
 * log ingestion and storage, custom metrics that metric filters publish when lines match, KMS
 * requests, Config rule evaluations, S3 storage.
 */
export interface FixedMonthlyPrice {
  /** Terraform resource type that carries the charge. */
  readonly resourceType: string;
  readonly usdPerMonth: number;
  readonly what: string;
}

export const fixedMonthlyPrices: readonly FixedMonthlyPrice[] = [
  { resourceType: 'aws_kms_key', usdPerMonth: 1.0, what: 'KMS customer managed key, per key-month' },
  { resourceType: 'aws_cloudwatch_metric_alarm', usdPerMonth: 0.1, what: 'CloudWatch standard-resolution metric alarm, per alarm-month' },
];

/** The fixed monthly charge of a count of resources by Terraform type. */
export function fixedMonthlyUsd(resourceCounts: Readonly<Record<string, number>>): number {
  return fixedMonthlyPrices.reduce((sum, price) => sum + (resourceCounts[price.resourceType] ?? 0) * price.usdPerMonth, 0);
}
