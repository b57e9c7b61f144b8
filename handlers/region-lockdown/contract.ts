/**
 * What the region-lockdown constructs (standalone and hub) and the function must agree on: the
 * function's environment. Pure: modules/ imports it, so no AWS SDK or logger here.
 */
import {
  EnvironmentValues,
  TextOf,
  alertTopicArnVariable,
  commaSeparatedList,
  flag,
  invalidVariable,
  oneOf,
  optionalVariable,
  readEnvironment,
  serviceNameVariable,
  text,
  variable,
  writeEnvironment,
} from '../common/contract';
import { regionLockdownScopes } from './region-deny-policy';

/**
 * Hub mode: the name of the deny policy every member holds (its home-region spoke stack makes it);
 * the function builds the ARN per member account, in place of POLICY_ARNS.
 */
export const denyPolicyNameVariable = 'DENY_POLICY_NAME';

const regionPattern = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
const managedPolicyArnPattern = /^arn:aws[a-z-]*:iam::\d{12}:policy\/[\w+=,.@\-/]+$/;

/** True for a customer managed policy ARN (the only kind the function may attach). */
export function isManagedPolicyArn(arn: string): boolean {
  return managedPolicyArnPattern.test(arn);
}

export const lockdownEnvironment = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
  dryRun: variable('DRY_RUN', flag),
  /** What the deny policies deny, for the alerts (their content is Terraform's). */
  allowedRegions: variable(
    'ALLOWED_REGIONS',
    commaSeparatedList({
      nonEmpty: true,
      check: (regions, name, value) => {
        if (regions.length === 0 || regions.some((region) => !regionPattern.test(region))) {
          throw invalidVariable(name, 'a comma-separated list of region codes such as eu-west-1,us-east-1', value);
        }
      },
    }),
  ),
  scope: variable('SCOPE', oneOf(regionLockdownScopes)),
  /** Standalone: the Terraform-managed deny policies every non-exempt user must have attached. */
  policyArns: optionalVariable(
    'POLICY_ARNS',
    commaSeparatedList({
      nonEmpty: true,
      check: (arns, name, value) => {
        if (arns.length === 0 || arns.some((arn) => !isManagedPolicyArn(arn))) {
          throw invalidVariable(name, 'a comma-separated list of customer managed policy ARNs', value);
        }
      },
    }),
  ),
  /** Hub mode: the deny policy's name in every member. */
  denyPolicyName: optionalVariable(denyPolicyNameVariable, text),
  exemptPathPrefixes: variable(
    'EXEMPT_PATH_PREFIXES',
    commaSeparatedList({
      check: (prefixes, name) => {
        const badPrefix = prefixes.find((prefix) => !prefix.startsWith('/'));
        if (badPrefix !== undefined) throw new Error(`${name} environment variable: ${badPrefix} is not an IAM path (it must start with /)`);
      },
    }),
  ),
  exemptTagKey: variable('EXEMPT_TAG_KEY', text),
} as const;
export type LockdownEnvironment = EnvironmentValues<typeof lockdownEnvironment>;

export function readLockdownEnvironment(env: NodeJS.ProcessEnv = process.env): LockdownEnvironment {
  return readEnvironment(lockdownEnvironment, env);
}
export function writeLockdownEnvironment(values: LockdownEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(lockdownEnvironment, values, textOf);
}
