/**
 * Where a guard is deployed. Known at synth from the guards config, so that ARNs are literal
 * strings and plans need no data source that calls AWS.
 */
export interface AwsEnvironment {
  /** 12-digit AWS account id. */
  readonly accountId: string;
  /** AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** @default 'aws' */
  readonly partition?: string;
}

export function partitionOf(environment: AwsEnvironment): string {
  return environment.partition ?? 'aws';
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass '' for global services' region. */
export function arnFor(
  environment: AwsEnvironment,
  service: string,
  resource: string,
  options: { global?: boolean; noAccount?: boolean } = {},
): string {
  const region = options.global ? '' : environment.region;
  const account = options.noAccount ? '' : environment.accountId;
  return `arn:${partitionOf(environment)}:${service}:${region}:${account}:${resource}`;
}
