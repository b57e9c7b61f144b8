import { z } from 'zod';
import { instanceQuarantineSettingsSchema } from '../instance-quarantine/settings';
import { accountId, awsRegion, resourceNamePart } from './schema-parts';

const account = z.strictObject({
  /** 12-digit account id. */
  id: accountId,
  /** Short name used in stack and resource names. */
  name: resourceNamePart,
  /** Role that Terraform assumes in the account; omit to use the caller's credentials as they are. */
  roleArn: z
    .string()
    .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]+$/, 'must be an IAM role ARN')
    .optional(),
});

const backend = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local'),
    /** State file path relative to the stack's folder in cdktf.out. */
    path: z
      .string()
      .refine((value) => !value.startsWith('/') && !/^[A-Za-z]:/.test(value), 'must be a relative path')
      .optional(),
  }),
]);

/**
 * The guards config file: which accounts and regions get which guards, and where alerts go.
 * See README.md ("Config reference") for every field with its default.
 */
export const guardsConfigSchema = z
  .strictObject({
    /** Prefix of every resource name the guards create. */
    name: resourceNamePart.default('guards'),
    /** Region that holds the account-wide (global) guards. */
    homeRegion: awsRegion.default('us-east-1'),
    regions: z.array(awsRegion).min(1),
    accounts: z.array(account).min(1),
    alerts: z
      .strictObject({
        emails: z.array(z.email()).default([]),
      })
      .default({ emails: [] }),
    /** Tags on every resource, besides the guards' own `managed-by` tag. */
    defaultTags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
    backend: backend.default({ type: 'local' }),
    guards: z
      .strictObject({
        instanceQuarantine: instanceQuarantineSettingsSchema.optional(),
      })
      .default({}),
  })
  .superRefine((config, context) => {
    if (!config.regions.includes(config.homeRegion)) {
      context.addIssue({ code: 'custom', path: ['homeRegion'], message: `must be one of regions (${config.regions.join(', ')})` });
    }
    reportDuplicates(config.regions, ['regions'], context);
    reportDuplicates(config.accounts.map((a) => a.id), ['accounts'], context, 'id');
    reportDuplicates(config.accounts.map((a) => a.name), ['accounts'], context, 'name');
    config.accounts.forEach((entry, index) => {
      if (entry.roleArn && entry.roleArn.split(':')[4] !== entry.id) {
        context.addIssue({
          code: 'custom',
          path: ['accounts', index, 'roleArn'],
          message: `names account ${entry.roleArn.split(':')[4]}, not the entry's id ${entry.id}`,
        });
      }
    });
  });

function reportDuplicates(
  values: readonly string[],
  path: (string | number)[],
  context: z.RefinementCtx,
  field?: string,
): void {
  values.forEach((value, index) => {
    if (values.indexOf(value) !== index) {
      context.addIssue({
        code: 'custom',
        path: field ? [...path, index, field] : [...path, index],
        message: `duplicate value ${value}`,
      });
    }
  });
}

export type GuardsConfig = z.output<typeof guardsConfigSchema>;
export type GuardsConfigAccount = GuardsConfig['accounts'][number];
