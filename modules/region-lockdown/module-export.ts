import { moduleVariables } from '../common/module-variables';
import type { ModuleExport } from '../common/module-export-types';
import { RegionLockdownScope, iamPolicySize, regionDenyPolicyJson, managedPolicyLimit } from '../../handlers/region-lockdown/region-deny-policy';
import { regionLockdownDefaults, regionLockdownSettingsSchema } from './settings';

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
  variables: moduleVariables(regionLockdownSettingsSchema, regionLockdownDefaults, [
    'dryRun',
    {
      setting: 'allowedRegions',
      asString: {
        default: 'us-east-1',
        form: 'Comma-separated, e.g. "eu-west-1,us-east-1" (no spaces).',
        check: {
          condition: (reference) => allowedRegionsCondition.replaceAll('var.allowed_regions', reference),
          mustBe: `must be distinct region codes joined by commas, few enough for the deny to fit in IAM's ${managedPolicyLimit} characters of managed policy`,
        },
      },
    },
    'scope',
    {
      setting: 'exemptPathPrefixes',
      asString: {
        default: '',
        form: 'Comma-separated.',
        check: {
          condition: (reference) => `${reference} == "" || alltrue([for prefix in split(",", ${reference}) : can(regex("^/([!-~]*/)?$", prefix))])`,
          mustBe: 'must be IAM paths joined by commas, each starting and ending with /',
        },
      },
    },
    'exemptTagKey',
    'reconcileSchedule',
  ]),
};
