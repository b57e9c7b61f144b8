/**
 * The region deny: ONE pure builder shared by the construct (the Terraform-managed policy that the
 * handler attaches to IAM users, its synth-time size check, the exported module's size validation and
 * the service control policy) and the tests. No AWS SDK in here: modules/ imports it.
 */
import { ec2ChangeActions } from './ec2-change-actions';
import { globalServiceActions } from './global-service-actions';

/**
 * `ec2-changes`: EC2 actions that change something are denied outside the allowed regions; reads
 * stay allowed everywhere. `all-regional`: every action is denied outside the allowed regions except
 * the global services' (in the style of the Control Tower Region deny control).
 */
export const regionLockdownScopes = ['ec2-changes', 'all-regional'] as const;
export type RegionLockdownScope = (typeof regionLockdownScopes)[number];

/**
 * IAM: a customer managed policy may hold at most 6,144 characters, white space not counted (IAM and
 * AWS STS quotas, "PolicySizeQuota" of GetAccountSummary). The largest deny (all-regional) is about
 * 1,950 characters plus 13 per allowed region, so one managed policy holds it for any real region
 * list; the size check below still refuses a list that would not fit rather than splitting it.
 */
export const managedPolicyLimit = 6144;

/**
 * AWS Organizations: a service control policy may hold at most 5,120 characters. Saved through the
 * API (as Terraform does) the document is kept as sent, white space included, so every character counts.
 */
export const serviceControlPolicyLimit = 5120;

export interface RegionDenyOptions {
  /** Regions where the denied actions stay allowed, e.g. `['eu-west-1', 'us-east-1']`. */
  readonly allowedRegions: readonly string[];
  readonly scope: RegionLockdownScope;
  /**
   * Service control policy only: principals the deny does not apply to (`ArnNotLike` on
   * `aws:PrincipalARN`), e.g. a break-glass role. @default []
   */
  readonly exemptPrincipalArns?: readonly string[];
}

export interface RegionDenyStatement {
  readonly Sid: string;
  readonly Effect: 'Deny';
  readonly Action?: readonly string[];
  readonly NotAction?: readonly string[];
  readonly Resource: '*';
  readonly Condition: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

export interface RegionDenyPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly RegionDenyStatement[];
}

/**
 * The deny, as an IAM policy document. Regions are sorted and deduplicated, so the same settings
 * give the same document whatever their order: the handler compares what a user holds with it.
 *
 * @example
 * buildRegionDenyPolicy({ allowedRegions: ['eu-west-1'], scope: 'ec2-changes' });
 * // { Version: '2012-10-17', Statement: [{ Sid: 'DenyEc2ChangesOutsideAllowedRegions', Effect: 'Deny',
 * //   Action: ['ec2:Accept*', ...], Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': ['eu-west-1'] } } }] }
 */
export function buildRegionDenyPolicy(options: RegionDenyOptions): RegionDenyPolicy {
  const allowedRegions = [...new Set(options.allowedRegions)].sort();
  if (allowedRegions.length === 0) throw new Error('allowedRegions: at least one region is needed (an empty list would deny everywhere)');
  const exemptPrincipalArns = [...new Set(options.exemptPrincipalArns ?? [])].sort();
  const condition = {
    // A negated operator is true when the key is absent too, so a request without a region is denied.
    StringNotEquals: { 'aws:RequestedRegion': allowedRegions },
    ...(exemptPrincipalArns.length > 0 ? { ArnNotLike: { 'aws:PrincipalARN': exemptPrincipalArns } } : {}),
  };
  const statement: RegionDenyStatement =
    options.scope === 'ec2-changes'
      ? { Sid: 'DenyEc2ChangesOutsideAllowedRegions', Effect: 'Deny', Action: ec2ChangeActions, Resource: '*', Condition: condition }
      : { Sid: 'DenyOutsideAllowedRegions', Effect: 'Deny', NotAction: globalServiceActions, Resource: '*', Condition: condition };
  return { Version: '2012-10-17', Statement: [statement] };
}

/** The document as the compact JSON text that is sent to IAM or Organizations. */
export function regionDenyPolicyJson(options: RegionDenyOptions): string {
  return JSON.stringify(buildRegionDenyPolicy(options));
}

/** Size as IAM counts it against the managed-policy quota: every character but white space. */
export function iamPolicySize(documentJson: string): number {
  return documentJson.replace(/\s/g, '').length;
}

/**
 * Why the deny cannot be one managed policy (too large for IAM's quota), or undefined when it fits.
 * The message names the sizes and what to change.
 */
export function managedPolicySizeProblem(options: RegionDenyOptions): string | undefined {
  const size = iamPolicySize(regionDenyPolicyJson(options));
  if (size <= managedPolicyLimit) return undefined;
  const regions = new Set(options.allowedRegions).size;
  return (
    `the ${options.scope} deny for ${regions} allowed region${regions === 1 ? '' : 's'} is ${size} characters, ` +
    `but IAM allows at most ${managedPolicyLimit} characters in a managed policy (white space not counted); ` +
    (options.scope === 'all-regional' ? 'allow fewer regions or use scope ec2-changes' : 'allow fewer regions')
  );
}

/** Why the deny cannot be a service control policy (too large), or undefined when it fits. */
export function serviceControlPolicySizeProblem(options: RegionDenyOptions): string | undefined {
  const size = regionDenyPolicyJson(options).length;
  if (size <= serviceControlPolicyLimit) return undefined;
  return `the ${options.scope} service control policy is ${size} characters, but AWS Organizations allows at most ${serviceControlPolicyLimit}; allow fewer regions or exempt fewer principals`;
}
