import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { SecurityGroupEventName, securityGroupEventNames } from '../../handlers/cloudtrail-alert/contract';

/**
 * Which security-group calls the sg-change-alert guard reports. The same keys are written under
 * `guards.sgChangeAlert` in the guards config.
 */
export interface SgChangeAlertSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /**
   * The EC2 calls (CloudTrail event names) that alert; each is described in its own words.
   * @default ['AuthorizeSecurityGroupIngress', 'AuthorizeSecurityGroupEgress', 'RevokeSecurityGroupIngress', 'RevokeSecurityGroupEgress', 'ModifySecurityGroupRules', 'CreateSecurityGroup', 'DeleteSecurityGroup']
   */
  readonly eventNames?: readonly SecurityGroupEventName[];
}

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const sgChangeAlertSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  eventNames: z
    .array(z.enum(securityGroupEventNames))
    .min(1)
    .refine((names) => new Set(names).size === names.length, 'must not repeat a call')
    .optional(),
}) satisfies z.ZodType<SgChangeAlertSettings>;

/** The documented defaults, filled once by the construct. */
export const sgChangeAlertDefaults = {
  enabled: true,
  eventNames: securityGroupEventNames as readonly SecurityGroupEventName[],
} satisfies Required<SgChangeAlertSettings>;

/** The settings as the plan hands them to the guard: the config's levels merged over these defaults. */
export type ResolvedSgChangeAlertSettings = ResolvedSettings<SgChangeAlertSettings>;
