import type { ModuleExport } from '../stacks/module-export-types';
import { RegionLockdownScope, iamPolicySize, regionDenyPolicyJson, regionLockdownScopes, managedPolicyLimit } from '../../handlers/region-lockdown/region-deny-policy';
import { regionLockdownDefaults as defaults } from './settings';

/**
 * Size of the user deny for `scope` without its region list's items: with n regions joined by
 * commas (`joined`), the deny is `base + length(joined) + 2n` characters (two quotes per region).
 * Taken from the shared builder, so the module's validation checks the size of the policy Terraform creates.
 */
export function userDenyBaseSize(scope: RegionLockdownScope): number {
  const probe = 'us-east-1';
  return iamPolicySize(regionDenyPolicyJson({ allowedRegions: [probe], scope })) - probe.length - 2;
}

const regions = 'split(",", var.allowed_regions)';

/**
 * The size check of the construct, in Terraform: the same arithmetic over the variables. It reads
 * `var.scope`, which a validation may do from Terraform 1.9 on.
 */
export const allowedRegionsCondition = [
  `alltrue([for region in ${regions} : can(regex("^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]$", region))])`,
  `length(distinct(${regions})) == length(${regions})`,
  `(var.scope == "all-regional" ? ${userDenyBaseSize('all-regional')} : ${userDenyBaseSize('ec2-changes')}) + length(var.allowed_regions) + 2 * length(${regions}) <= ${managedPolicyLimit}`,
].join(' && ');

/**
 * The region-lockdown guard as a plain Terraform module, for us-east-1 (where IAM's events arrive).
 * Lists are comma-separated strings, as the handler reads them. Organizations mode creates policies
 * in another account's stack, so it is CDKTF-only.
 */
export const regionLockdownModuleExport: ModuleExport = {
  fixedSettings: {},
  variables: [
    { name: 'dry_run', setting: 'dryRun', type: 'bool', default: defaults.dryRun, description: 'Report what would be put on which user without changing anything.' },
    {
      name: 'allowed_regions',
      setting: 'allowedRegions',
      type: 'string',
      default: 'us-east-1',
      description: 'Comma-separated regions where IAM users may still act, e.g. "eu-west-1,us-east-1" (no spaces).',
      validation: {
        condition: allowedRegionsCondition,
        errorMessage: `allowed_regions must be distinct region codes joined by commas, few enough for the deny to fit in IAM's ${managedPolicyLimit} characters of managed policy.`,
      },
    },
    {
      name: 'scope',
      setting: 'scope',
      type: 'string',
      default: defaults.scope,
      description: 'ec2-changes: deny EC2 changes outside the allowed regions (reads stay allowed); all-regional: deny every action but the global services\'.',
      validation: { condition: `contains(${JSON.stringify(regionLockdownScopes)}, var.scope)`, errorMessage: `scope must be one of ${regionLockdownScopes.join(', ')}.` },
    },
    {
      name: 'exempt_path_prefixes',
      setting: 'exemptPathPrefixes',
      type: 'string',
      default: '',
      description: 'Comma-separated IAM paths (e.g. "/break-glass/"); users under them are left alone.',
      validation: {
        condition: 'var.exempt_path_prefixes == "" || alltrue([for prefix in split(",", var.exempt_path_prefixes) : can(regex("^/([!-~]*/)?$", prefix))])',
        errorMessage: 'exempt_path_prefixes must be IAM paths joined by commas, each starting and ending with /.',
      },
    },
    {
      name: 'exempt_tag_key',
      setting: 'exemptTagKey',
      type: 'string',
      default: defaults.exemptTagKey,
      description: 'Users carrying this tag (any value but "false") are left alone.',
      validation: { condition: 'length(var.exempt_tag_key) > 0 && !startswith(lower(var.exempt_tag_key), "aws:")', errorMessage: 'exempt_tag_key must be a tag key that does not start with aws:.' },
    },
    {
      name: 'reconcile_schedule',
      setting: 'reconcileSchedule',
      type: 'string',
      default: defaults.reconcileSchedule,
      description: 'EventBridge schedule of the reconciliation that puts the deny on existing users, e.g. "rate(1 day)".',
      validation: { condition: 'can(regex("^(rate|cron)[(].+[)]$", var.reconcile_schedule))', errorMessage: 'reconcile_schedule must be an EventBridge schedule expression such as rate(1 day).' },
    },
  ],
};
