import { z } from 'zod';
import { logGroupName, resourceNamePart } from '../common/schema-parts';
import { heartbeatDefaults } from '../common/hub-heartbeat-settings';

/**
 * `hub:` in the guards config switches on the organization hub mode: one security tooling account
 * runs the guard functions for every account and region; member accounts hold only forwarding
 * rules, the per-instance log alarms and a fenced remediation role per acting guard.
 * See README.md ("Two deployment modes").
 */
export const hubSettingsSchema = z.strictObject({
  /** Name (from `accounts`) of the security tooling account that runs the guard functions. */
  account: resourceNamePart,
  /** The AWS Organizations id: the hub's buses accept events only from its accounts. */
  organizationId: z.string().regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id such as o-a1b2c3d4e5'),
  /**
   * `delegated-admin`: the hub is GuardDuty's delegated administrator, whose bus already receives
   * every member's findings. `forward`: each member's rule forwards its own findings.
   */
  guardDuty: z.enum(['delegated-admin', 'forward']).default('forward'),
  /**
   * An organization trail delivering to this log group in the hub's home region: the guards that
   * read CloudTrail logs read it once for the whole organization. Absent: those guards forward
   * CloudTrail events from each member, or are not available (their hub hooks say which).
   */
  organizationTrail: z.strictObject({ logGroupName }).optional(),
  /** `organization`: AWS Config organization custom rules from the hub (delegated administrator). */
  configRules: z.enum(['organization', 'per-account']).default('organization'),
  /**
   * The hub account's service control policy (modules/common/hub-protection-policy.ts): the hub
   * stack of the home region outputs it as `hub-protection-policy` for the management account to
   * attach to the hub account (docs/security-model.md). `exemptPrincipalArns`: the only
   * principals besides the guard roles that may change the hub's guard resources (the deployer,
   * the artifacts publisher when signing, break-glass); `*` may stand for the account.
   */
  protection: z
    .strictObject({
      exemptPrincipalArns: z
        .array(z.string().regex(/^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/[\w+=,.@\-/*]+$/, 'must be an IAM role ARN (the account may be *)'))
        .min(1, 'must name at least one principal (the deployer): without one nobody could change the hub'),
    })
    .optional(),
  /**
   * Every member region beats to the hub bus of its region every `intervalMinutes`; the hub alerts
   * once when a served member region has missed `missedBeats` beats in a row, and again when it
   * beats again (docs/hub-mode.md, "Heartbeats"). Few minutes cost more beats (each a cross-account
   * event, a function invocation and a table write); many delay the alert.
   */
  heartbeat: z
    .strictObject({
      /** Minutes between two beats of a member region (an EventBridge rate), 5 to 1,440. @default 60 */
      intervalMinutes: z
        .number()
        .int('must be a whole number of minutes')
        .min(5, 'must be at least 5 minutes')
        .max(1440, 'must be at most 1,440 minutes (a day)')
        .default(heartbeatDefaults.intervalMinutes),
      /** Beats a member region may miss before the hub alerts, 2 to 48 (one missed beat is usually a late delivery). @default 3 */
      missedBeats: z
        .number()
        .int('must be a whole number')
        .min(2, 'must be at least 2: a single late beat is not silence')
        .max(48, 'must be at most 48')
        .default(heartbeatDefaults.missedBeats),
    })
    .default(heartbeatDefaults),
});

export type HubSettings = z.output<typeof hubSettingsSchema>;
