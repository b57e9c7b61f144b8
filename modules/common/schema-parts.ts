import { z } from 'zod';
import { regexTerraformCheck, withTerraformCheck } from './terraform-checks';

/** Schema pieces shared by the guards config and the guards' own settings. */

export const awsRegion = z.string().regex(/^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/, 'must be an AWS region code such as eu-west-1');

export const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id (quote it in YAML)');

export const ec2InstanceId = z.string().regex(/^i-[0-9a-f]{8}([0-9a-f]{9})?$/, 'must be an EC2 instance id such as i-0123456789abcdef0');

/** Names that end up in resource names: lowercase, digits and dashes. */
export const resourceNamePart = z.string().regex(/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/, 'must be 2-32 lowercase letters, digits or dashes, starting with a letter');

/** The retention periods CloudWatch Logs accepts. */
export const logRetentionDayValues = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

export const logRetentionDays = withTerraformCheck(
  z
    .number()
    .refine(
      (days) => (logRetentionDayValues as readonly number[]).includes(days),
      `must be a retention CloudWatch Logs accepts (${logRetentionDayValues.slice(0, -1).join(', ')} or ${logRetentionDayValues.at(-1)})`,
    ),
  { condition: (reference) => `contains([${logRetentionDayValues.join(', ')}], ${reference})`, mustBe: 'must be a retention CloudWatch Logs accepts' },
);

const logGroupNamePattern = /^[\w\-./#]{1,512}$/;
const logGroupNameMustBe = 'must be a CloudWatch Logs group name (letters, digits, _ - . / #)';
export const logGroupName = withTerraformCheck(
  z.string().regex(logGroupNamePattern, logGroupNameMustBe),
  regexTerraformCheck(logGroupNamePattern, logGroupNameMustBe),
);

export const tagKey = withTerraformCheck(
  z
    .string()
    .min(1)
    .max(128)
    .refine((key) => !key.toLowerCase().startsWith('aws:'), 'must not start with aws: (reserved by AWS)'),
  {
    condition: (reference) => `length(${reference}) > 0 && !startswith(lower(${reference}), "aws:")`,
    mustBe: 'must be a tag key that does not start with aws:',
  },
);
