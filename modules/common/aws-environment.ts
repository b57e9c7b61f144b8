import { createHash } from 'node:crypto';
import { Fn, Op, Token } from 'cdktf';

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
export function arnFor(environment: AwsEnvironment, service: string, resource: string, options: { global?: boolean; noAccount?: boolean } = {}): string {
  const region = options.global ? '' : environment.region;
  const account = options.noAccount ? '' : environment.accountId;
  return `arn:${partitionOf(environment)}:${service}:${region}:${account}:${resource}`;
}

/** IAM role and policy names are limited to 64 characters. */
const iamNameMaxLength = 64;

/** Characters of the base's SHA-256 kept in a cut name: two bases cut alike still differ. */
const cutHashLength = 6;

/**
 * A name for something global to an account (IAM roles, instance profiles) created by a regional
 * stack: each region's stack of one account must not collide with the others (a second region's
 * apply would fail with EntityAlreadyExists), so the name ends with the region. Too long a name
 * keeps its start, then a short hash of the whole base (two long bases that share their start
 * still get different names), then the region.
 *
 * In an exported module the prefix and region are Terraform values: the name is then cut by
 * Terraform (`substr`) to the same limit, keeping the region.
 *
 * @example accountGlobalName({ accountId, region: 'eu-west-1' }, 'guards-instance-quarantine')
 *          // 'guards-instance-quarantine-eu-west-1'
 */
export function accountGlobalName(environment: AwsEnvironment, base: string, maxLength: number = iamNameMaxLength): string {
  const region = environment.region;
  if (Token.isUnresolved(base) || Token.isUnresolved(region)) {
    const room = Token.asNumber(Op.sub(maxLength - 1, Fn.lengthOf(region)));
    return `${Fn.substr(base, 0, room)}-${region}`;
  }
  const suffix = `-${region}`;
  const name = `${base}${suffix}`;
  if (name.length <= maxLength) return name;
  const hash = createHash('sha256').update(base).digest('hex').slice(0, cutHashLength);
  return `${base.slice(0, maxLength - suffix.length - hash.length - 1)}-${hash}${suffix}`;
}
