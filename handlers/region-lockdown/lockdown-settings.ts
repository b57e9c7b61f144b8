/** The function's configuration, read from its environment; every problem names the variable. */
import { booleanEnv, requireEnv, stringEnv } from '../common/env';
import { denyPolicyNameVariable } from './contract';
import { Exemptions } from './decision';
import { RegionLockdownScope, regionLockdownScopes } from './region-deny-policy';

export interface LockdownSettings {
  /** What the deny policies deny, for the alerts (their content is Terraform's). */
  readonly allowedRegions: readonly string[];
  readonly scope: RegionLockdownScope;
  /** The Terraform-managed deny policies every non-exempt user must have attached. */
  readonly policyArns: readonly string[];
  readonly exemptions: Exemptions;
  readonly alertTopicArn: string;
  readonly dryRun: boolean;
}

export { denyPolicyNameVariable };

/** Hub mode: the member account an invocation acts in. */
export interface MemberAccountScope {
  readonly partition: string;
  readonly accountId: string;
}

const regionPattern = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const managedPolicyArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:policy\/[\w+=,.@\-/]+$/;

function commaSeparated(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** Read per invocation: cheap, and a bad value fails the invocation with the variable's name. */
export function readLockdownSettings(member?: MemberAccountScope): LockdownSettings {
  const allowedRegions = commaSeparated(requireEnv('ALLOWED_REGIONS'));
  const badRegion = allowedRegions.find((region) => !regionPattern.test(region));
  if (allowedRegions.length === 0 || badRegion !== undefined) {
    throw new Error(`ALLOWED_REGIONS environment variable must be a comma-separated list of region codes such as eu-west-1,us-east-1, not "${process.env.ALLOWED_REGIONS}"`);
  }
  const scope = requireEnv('SCOPE');
  if (!(regionLockdownScopes as readonly string[]).includes(scope)) {
    throw new Error(`SCOPE environment variable must be one of ${regionLockdownScopes.join(', ')}, not "${scope}"`);
  }
  const policyArns = member ? [`arn:${member.partition}:iam::${member.accountId}:policy/${requireEnv(denyPolicyNameVariable)}`] : commaSeparated(requireEnv('POLICY_ARNS'));
  const badArn = policyArns.find((arn) => !managedPolicyArnPattern.test(arn));
  if (policyArns.length === 0 || badArn !== undefined) {
    const variable = member ? denyPolicyNameVariable : 'POLICY_ARNS';
    throw new Error(`${variable} environment variable must ${member ? 'be an IAM policy name' : 'be a comma-separated list of customer managed policy ARNs'}, not "${process.env[variable]}"`);
  }
  const exemptPathPrefixes = commaSeparated(stringEnv('EXEMPT_PATH_PREFIXES', ''));
  const badPrefix = exemptPathPrefixes.find((prefix) => !prefix.startsWith('/'));
  if (badPrefix !== undefined) throw new Error(`EXEMPT_PATH_PREFIXES environment variable: ${badPrefix} is not an IAM path (it must start with /)`);
  return {
    allowedRegions,
    scope: scope as RegionLockdownScope,
    policyArns,
    exemptions: { pathPrefixes: exemptPathPrefixes, tagKey: stringEnv('EXEMPT_TAG_KEY', 'guards:region-lockdown-exempt') },
    alertTopicArn: requireEnv('ALERT_TOPIC_ARN'),
    dryRun: booleanEnv('DRY_RUN', false),
  };
}
