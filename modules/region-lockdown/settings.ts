import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { regexTerraformCheck, withTerraformCheck } from '../common/terraform-checks';
import { accountId, awsRegion, tagKey } from '../common/schema-parts';
import {
  RegionLockdownScope,
  regionLockdownScopes,
  serviceControlPolicySizeProblem,
  managedPolicySizeProblem,
} from '../../handlers/region-lockdown/region-deny-policy';

/**
 * The same deny as a service control policy, created in the stack of the account that manages the
 * organization's policies and attached to organizational units or accounts.
 */
export interface RegionLockdownOrganizationsMode {
  /**
   * The account whose home-region stack creates and attaches the policy: the organization's
   * management account, or a member account that is a delegated administrator for Organizations
   * policies. Must be one of the config's `accounts`.
   */
  readonly managementAccountId: string;
  /** Organizational units (`ou-...`) and accounts (12-digit ids) the policy is attached to. */
  readonly targetIds: readonly string[];
  /**
   * Principals the policy does not apply to (`ArnNotLike` on `aws:PrincipalARN`, wildcards allowed),
   * e.g. a break-glass role: `arn:aws:iam::*:role/break-glass`.
   * @default []
   */
  readonly exemptPrincipalArns?: readonly string[];
  /**
   * Also create the guards' tamper-protection service control policy (attached to the same
   * targets): only the guard roles (`<prefix>-*`) and `exemptPrincipalArns` may change the guards'
   * functions, roles, policies, rules, topic, key and trail, or write `guards:*` tags. Put the
   * deployer role in `exemptPrincipalArns` unless it is named `<prefix>-*`.
   * @default false
   */
  readonly protectGuards?: boolean;
}

/**
 * What the region-lockdown guard denies, to whom, and how it keeps the deny in place. The same
 * keys are written under `guards.regionLockdown` in the guards config.
 */
export interface RegionLockdownSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /** Report what would be put on which user without changing anything. @default false */
  readonly dryRun?: boolean;
  /**
   * Regions where users may still act. Required: no default (the guard cannot guess where a team
   * works). The construct fails at synth when it is missing, or when the deny would not fit in IAM's
   * 6,144 characters of managed policy.
   */
  readonly allowedRegions?: readonly string[];
  /**
   * `ec2-changes`: EC2 actions that change something are denied outside the allowed regions, reads
   * stay allowed. `all-regional`: every action but the global services' is denied (Control Tower style).
   * @default 'ec2-changes'
   */
  readonly scope?: RegionLockdownScope;
  /** Users whose IAM path starts with one of these (e.g. `/break-glass/`) are left alone. @default [] */
  readonly exemptPathPrefixes?: readonly string[];
  /** Users carrying this tag (with any value but `false`) are left alone. @default 'guards:region-lockdown-exempt' */
  readonly exemptTagKey?: string;
  /**
   * When the reconciliation puts the deny on every existing user that lacks it (EventBridge
   * schedule expression).
   * @default 'rate(1 day)'
   */
  readonly reconcileSchedule?: string;
  /** The same deny as a service control policy. @default undefined (off) */
  readonly organizationsMode?: RegionLockdownOrganizationsMode;
}

/** An IAM path: starts and ends with `/` (IAM's own rule), printable ASCII between. */
const iamPath = z.string().regex(/^\/([\x21-\x7E]{0,510}\/)?$/, 'must be an IAM path such as /break-glass/ (starting and ending with /)');

/** The exported module checks only the expression's form, as it was published; EventBridge checks the rest. */
const scheduleExpression = withTerraformCheck(
  z
    .string()
    .regex(
      /^(rate\((1 (minute|hour|day)|([2-9]|[1-9]\d+) (minutes|hours|days))\)|cron\(\S+( \S+){5}\))$/,
      'must be an EventBridge schedule expression such as rate(1 day), rate(12 hours) or cron(0 3 * * ? *)',
    ),
  regexTerraformCheck(/^(rate|cron)[(].+[)]$/, 'must be an EventBridge schedule expression such as rate(1 day)'),
);

/** `ou-<root id>-<ou id>` or a 12-digit account id. Roots are left out on purpose, see README. */
const organizationsTargetId = z
  .string()
  .regex(/^(ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}|\d{12})$/, 'must be an organizational unit id (ou-...) or a 12-digit account id');

const principalArnPattern = z.string().regex(/^arn:[\w*-]+:(iam|sts)::[\d*]*:[\w+=,.@\-/*]+$/, 'must be an IAM or STS principal ARN (wildcards allowed)');

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const regionLockdownSettingsSchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    dryRun: z.boolean().optional().describe('Report what would be put on which user without changing anything.'),
    allowedRegions: z.array(awsRegion).min(1).optional().describe('Regions where IAM users may still act.'),
    scope: z
      .enum(regionLockdownScopes)
      .optional()
      .describe("ec2-changes: deny EC2 changes outside the allowed regions (reads stay allowed); all-regional: deny every action but the global services'."),
    exemptPathPrefixes: z.array(iamPath).optional().describe('IAM paths (e.g. "/break-glass/"); users under them are left alone.'),
    exemptTagKey: tagKey.optional().describe('Users carrying this tag (any value but "false") are left alone.'),
    reconcileSchedule: scheduleExpression
      .optional()
      .describe('EventBridge schedule of the reconciliation that puts the deny on existing users, e.g. "rate(1 day)".'),
    organizationsMode: z
      .strictObject({
        managementAccountId: accountId,
        targetIds: z.array(organizationsTargetId).min(1),
        exemptPrincipalArns: z.array(principalArnPattern).optional(),
        protectGuards: z.boolean().optional(),
      })
      .optional(),
  })
  .superRefine((settings, context) => {
    // An empty list is already reported by min(1); zod still runs this refinement.
    if (!settings.allowedRegions || settings.allowedRegions.length === 0) return;
    settings.allowedRegions.forEach((region, index) => {
      if (settings.allowedRegions!.indexOf(region) !== index)
        context.addIssue({ code: 'custom', path: ['allowedRegions', index], message: `duplicate value ${region}` });
    });
    const options = { allowedRegions: settings.allowedRegions, scope: settings.scope ?? regionLockdownDefaults.scope };
    const userProblem = managedPolicySizeProblem(options);
    if (userProblem) context.addIssue({ code: 'custom', path: ['allowedRegions'], message: userProblem });
    const organizations = settings.organizationsMode;
    const scpProblem = organizations && serviceControlPolicySizeProblem({ ...options, exemptPrincipalArns: organizations.exemptPrincipalArns ?? [] });
    if (scpProblem) context.addIssue({ code: 'custom', path: ['organizationsMode'], message: scpProblem });
  }) satisfies z.ZodType<RegionLockdownSettings>;

/**
 * The documented defaults, filled once by the construct. `allowedRegions` has none (required) and
 * `organizationsMode` is off unless given.
 */
export const regionLockdownDefaults = {
  enabled: true,
  dryRun: false,
  scope: 'ec2-changes' as RegionLockdownScope,
  exemptPathPrefixes: [] as readonly string[],
  exemptTagKey: 'guards:region-lockdown-exempt',
  reconcileSchedule: 'rate(1 day)',
} satisfies Required<Omit<RegionLockdownSettings, 'allowedRegions' | 'organizationsMode'>>;

/** The settings as the plan hands them to the guard: the config's levels merged over these defaults. */
export type ResolvedRegionLockdownSettings = ResolvedSettings<
  RegionLockdownSettings,
  Exclude<keyof RegionLockdownSettings, 'allowedRegions' | 'organizationsMode'>
>;

/** `allowedRegions`, which has no default: a missing one fails at synth, naming the setting. */
export function requiredAllowedRegions(guardName: string, settings: Pick<RegionLockdownSettings, 'allowedRegions'>): readonly string[] {
  if (settings.allowedRegions === undefined) {
    throw new Error(`${guardName}: allowedRegions: required: the regions where IAM users may still act, e.g. [us-east-1, eu-west-1]`);
  }
  return settings.allowedRegions;
}
