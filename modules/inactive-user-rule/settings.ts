import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { ConfigRuleFrequency, configRuleFrequency, maxInputParametersLength } from '../common/config-rule-settings';
import { tagKey } from '../common/schema-parts';
import { withTerraformCheck } from '../common/terraform-checks';
import { inactiveUserRuleParameters } from '../../handlers/inactive-user-rule/contract';

/**
 * What the inactive-user-rule guard reports and how often. The same keys are written under
 * `guards.inactiveUserRule` in the guards config.
 */
export interface InactiveUserRuleSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /**
   * A user is NON_COMPLIANT when neither its password nor any of its access keys was used for more
   * than this many days (24-hour periods, to the second).
   * @default 90
   */
  readonly maxInactiveDays?: number;
  /**
   * A user that never used a password or an access key is NON_COMPLIANT once it is older than this
   * many days: the time new users have to start using their credentials. Set it with `maxInactiveDays`.
   * @default 90
   */
  readonly newUserGraceDays?: number;
  /** Users with these names are reported COMPLIANT, as exempt. @default [] */
  readonly exemptUserNames?: readonly string[];
  /** Users carrying this tag (with any value but `false`) are reported COMPLIANT, as exempt. @default 'guards:inactive-user-exempt' */
  readonly exemptTagKey?: string;
  /**
   * Judge each active access key on its own: a key unused (or, never used, created) more than
   * `maxInactiveDays` ago makes the user NON_COMPLIANT even when the user signs in daily, as the AWS
   * managed rule iam-user-unused-credentials-check does. Off, only the user's latest use of any
   * credential counts (a daily console user with a forgotten key is COMPLIANT).
   * @default false
   */
  readonly judgeEachCredential?: boolean;
  /** How often every user of the account is evaluated, besides on each change. @default 'TwentyFour_Hours' */
  readonly periodicFrequency?: ConfigRuleFrequency;
  /**
   * Create an AWS Config recorder (recording IAM users), delivery channel and bucket in the home
   * region. An account allows one recorder per region: leave it off where one exists.
   * @default false
   */
  readonly createConfigRecorder?: boolean;
}

const days = withTerraformCheck(z.number().int().min(1).max(3650), {
  condition: (reference) => `${reference} >= 1 && ${reference} <= 3650 && floor(${reference}) == ${reference}`,
  mustBe: 'must be a whole number of days from 1 to 3650',
});

/** IAM user names, except that a comma would break the comma-separated rule parameter. */
const exemptUserName = z
  .string()
  .regex(/^[\w+=.@-]{1,64}$/, 'must be an IAM user name (letters, digits and + = . @ _ -; a name with a comma can be exempted by tag)');

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const inactiveUserRuleSettingsSchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    maxInactiveDays: days.optional().describe('A user is NON_COMPLIANT when neither its password nor an access key was used for more than this many days.'),
    newUserGraceDays: days.optional().describe('A user that never used a password or access key is NON_COMPLIANT once older than this many days.'),
    exemptUserNames: z.array(exemptUserName).optional(),
    exemptTagKey: tagKey.optional().describe('Users carrying this tag (any value but "false") are reported COMPLIANT, as exempt.'),
    judgeEachCredential: z
      .boolean()
      .optional()
      .describe(
        'Judge each active access key on its own: one unused for longer than maxInactiveDays makes the user NON_COMPLIANT even when its other credentials are used daily.',
      ),
    periodicFrequency: configRuleFrequency.optional().describe('How often AWS Config evaluates every IAM user of the account, besides on each change.'),
    createConfigRecorder: z.boolean().optional(),
  })
  .superRefine((settings, context) => {
    const parameters = JSON.stringify(inactiveUserRuleParameters({ ...inactiveUserRuleDefaults, ...settings }));
    if (parameters.length > maxInputParametersLength) {
      context.addIssue({
        code: 'custom',
        path: ['exemptUserNames'],
        message: `make rule parameters of ${parameters.length} characters; AWS Config accepts at most ${maxInputParametersLength} (exempt by tag instead)`,
      });
    }
  }) satisfies z.ZodType<InactiveUserRuleSettings>;

/** The documented defaults, filled once by the construct. */
export const inactiveUserRuleDefaults = {
  enabled: true,
  maxInactiveDays: 90,
  newUserGraceDays: 90,
  exemptUserNames: [] as readonly string[],
  exemptTagKey: 'guards:inactive-user-exempt',
  judgeEachCredential: false,
  periodicFrequency: 'TwentyFour_Hours' as ConfigRuleFrequency,
  createConfigRecorder: false,
} satisfies Required<InactiveUserRuleSettings>;

/** The settings as the plan hands them to the guard: the config's levels merged over these defaults. */
export type ResolvedInactiveUserRuleSettings = ResolvedSettings<InactiveUserRuleSettings>;
