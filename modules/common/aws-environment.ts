import { Token } from 'cdktf';

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

/** IAM role and policy names are limited to 64 characters. */
const iamNameMaxLength = 64;

/**
 * A name for something global to an account (IAM roles, policies, instance profiles) created by a
 * regional stack: each region's stack of one account must not collide with the others, so the
 * name ends with the region. Too long a name keeps its start and region and is cut in the middle.
 */
export function accountGlobalName(environment: AwsEnvironment, base: string, maxLength: number = iamNameMaxLength): string {
  const suffix = `-${environment.region}`;
  const name = `${base}${suffix}`;
  // A Terraform reference (an exported module's variable) has no length at synth: left whole.
  if (name.length <= maxLength || Token.isUnresolved(name)) return name;
  return `${base.slice(0, maxLength - suffix.length)}${suffix}`;
}
