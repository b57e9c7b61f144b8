import { z } from 'zod';
import { accountId, awsRegion } from './schema-parts';

/**
 * `suppressions:` of the guards config, validated at synth: every suppression has an owner and a
 * reason, and an expiry that is neither past nor more than a year away (a suppression nobody
 * renews ends). Its matching is handlers/common/suppression.ts.
 */

/** The longest a suppression may run from the day of the synth. */
export const maxSuppressionDays = 366;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2027-01-31 (YYYY-MM-DD, UTC)');

export function suppressionSchema(today: Date) {
  const todayText = today.toISOString().slice(0, 10);
  const latest = new Date(today.getTime() + maxSuppressionDays * 86_400_000).toISOString().slice(0, 10);
  return z.strictObject({
    guard: z.string().min(1).optional(),
    accountId: accountId.optional(),
    region: awsRegion.optional(),
    principalArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):\S+$/, 'must be an IAM or STS principal ARN (* matches any characters)')
      .optional(),
    resourceId: z.string().min(1).optional(),
    tag: z.strictObject({ key: z.string().min(1).max(128), value: z.string().max(256) }).optional(),
    owner: z.string().trim().min(1, 'required: who answers for this suppression (a team or an address)'),
    reason: z.string().trim().min(1, 'required: why these events need no alert'),
    expires: day
      .refine((value) => value >= todayText, `must not be in the past (today is ${todayText})`)
      .refine((value) => value <= latest, `must be at most a year away (${latest} at the latest): renew it then`),
  });
}

export function suppressionsSchema(today: Date = new Date()) {
  return z
    .array(suppressionSchema(today))
    .default([])
    .superRefine((list, context) => {
      list.forEach((suppression, index) => {
        const { owner: _owner, reason: _reason, expires: _expires, ...match } = suppression;
        if (Object.keys(match).length === 0) {
          context.addIssue({ code: 'custom', path: [index], message: 'matches every event: name a guard, account, region, principalArn, resourceId or tag' });
        }
      });
    });
}
