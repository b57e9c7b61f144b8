import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { TrailSourceSettings, trailSourceDefaults, trailSourceSettingsShape } from '../common/trail-source-settings';

/**
 * What the signin-alert guard reports and where it reads sign-ins from. The same keys are written
 * under `guards.signinAlert` in the guards config.
 */
export interface SigninAlertSettings extends TrailSourceSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /** Alert only on root sign-ins, sign-ins without MFA and failed sign-ins. @default false */
  readonly riskySignInsOnly?: boolean;
}

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const signinAlertSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  riskySignInsOnly: z.boolean().optional().describe('Alert only on root sign-ins, sign-ins without MFA and failed sign-ins.'),
  ...trailSourceSettingsShape,
}) satisfies z.ZodType<SigninAlertSettings>;

/** The documented defaults, filled once by the construct. */
export const signinAlertDefaults = {
  enabled: true,
  riskySignInsOnly: false,
  ...trailSourceDefaults,
} satisfies Required<SigninAlertSettings>;

/** The settings as the plan hands them to the guard: the config's levels merged over these defaults. */
export type ResolvedSigninAlertSettings = ResolvedSettings<SigninAlertSettings>;
