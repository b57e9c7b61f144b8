import { pageChannelIssues } from './page-channel-issues';
import { suppressionIssues } from './suppression-issues';
import { z } from 'zod';
import { GuardDefinition, RegisteredGuard, guardRegistry } from '../stacks/guard-registry';
import { accountId, awsRegion, resourceNamePart } from '../common/schema-parts';
import { localEndpointProblem } from '../stacks/local-endpoint';
import { hubSettingsSchema } from './hub-settings';
import { hubConfigIssues } from './hub-config-issues';
import { chatSettingsSchema } from '../common/chat-settings';
import { suppressionsSchema } from '../common/suppression-settings';
import { securityHubSettingsSchema } from '../common/security-hub-settings';

/** The shape of `guards:`: each registered guard's settings under its config key, optional. */
type GuardsSettingsShape = { [Guard in RegisteredGuard as Guard['configKey']]: z.ZodOptional<Guard['settingsSchema']> };

/**
 * Each guard's settings, under `guards:` for the organization and per account. Built from the
 * registry, so that a registered guard is configurable and nothing else is.
 */
export const guardsSettingsSchema = z.strictObject(
  Object.fromEntries(guardRegistry.map((guard) => [guard.configKey, guard.settingsSchema.optional()])) as GuardsSettingsShape,
);

export type GuardsSettings = z.output<typeof guardsSettingsSchema>;

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
  /** Organizational unit the account belongs to; informational, shown in stack tags. */
  organizationalUnit: z.string().min(1).max(128).optional(),
  /** Tags on every resource in this account, over `defaultTags`. */
  tags: z.record(z.string().min(1).max(128), z.string().max(256)).optional(),
  /** This account's regions, instead of the organization's `regions` (e.g. an opt-in region). */
  regions: z.array(awsRegion).min(1).optional(),
  /** Guard settings for this account only, merged over the organization's, key by key. */
  guards: guardsSettingsSchema.optional(),
});

const relativePath = z
  .string()
  .min(1)
  .refine((value) => !value.startsWith('/') && !/^[A-Za-z]:/.test(value), 'must be a relative path');

/** Placeholders a name template may use; see docs/state-backends.md. */
export const stackNamePlaceholders = ['{name}', '{stack}', '{account}', '{accountId}', '{region}'] as const;

const nameTemplate = z
  .string()
  .min(1)
  .refine(
    (template) => (template.match(/\{[^}]*\}/g) ?? []).every((placeholder) => (stackNamePlaceholders as readonly string[]).includes(placeholder)),
    `may only use the placeholders ${stackNamePlaceholders.join(' ')}`,
  )
  .refine(
    (template) => template.includes('{stack}') || (template.includes('{account') && template.includes('{region}')),
    'must make one name per stack: use {stack}, or an account and {region}',
  );

const backend = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('local'),
    /** State file path relative to the stack's folder in cdktf.out. */
    path: relativePath.optional(),
  }),
  z.strictObject({
    type: z.literal('s3'),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
    region: awsRegion,
    /** State key of each stack; `{stack}` etc. are filled in. */
    keyTemplate: nameTemplate.default('aws-security-guards/{stack}.tfstate'),
    /** Lock with a DynamoDB table instead of S3's own lock file (Terraform >= 1.10). */
    lockTable: z.string().min(3).max(255).optional(),
    /** Role Terraform assumes to reach the state bucket. */
    roleArn: z
      .string()
      .regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\-/]+$/, 'must be an IAM role ARN')
      .optional(),
    /** KMS key that encrypts the state objects; S3-managed encryption when absent. */
    kmsKeyId: z.string().min(1).optional(),
  }),
  z.strictObject({
    type: z.literal('cloud'),
    organization: z.string().min(1),
    hostname: z.string().min(1).default('app.terraform.io'),
    /** One workspace per stack, named from this template. */
    workspaceTemplate: nameTemplate.default('{name}-{stack}'),
    /** Terraform Cloud project of the workspaces. */
    project: z.string().min(1).optional(),
  }),
]);

/**
 * Where the functions' code comes from. `inline`: each stack carries the handler zips (simple, no
 * bucket; fine for a few accounts). `bucket`: the zips are published once per region to a
 * versioned, encrypted artifact bucket in one account, and every stack only names the object.
 */
const handlerCode = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('inline') }),
  z.strictObject({
    source: z.literal('bucket'),
    /** Name of the account (from `accounts`) that holds the artifact buckets. */
    account: resourceNamePart,
    /** Bucket per region: `<bucketPrefix>-<region>`. */
    bucketPrefix: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'must be 2-41 lowercase letters, digits or dashes'),
    /** Lets every account of this organization read the code, instead of listing the accounts. */
    organizationId: z
      .string()
      .regex(/^o-[a-z0-9]{10,32}$/, 'must be an organization id such as o-a1b2c3d4e5')
      .optional(),
    /**
     * The only principals that may write, delete or re-configure the artifact buckets (the bucket
     * policy denies everyone else, account administrators included). Default: the artifacts
     * account's `roleArn`, the role Terraform publishes with.
     */
    /**
     * Lambda code signing: the artifacts stack signs each zip with an AWS Signer profile, and every
     * guard function refuses code not signed by it (untrusted artifacts: Enforce). @default on: a
     * writer of the bucket or of a function's code cannot run code the publisher did not sign.
     */
    codeSigning: z.strictObject({ enabled: z.boolean() }).default({ enabled: true }),
    publisherArns: z
      .array(z.string().regex(/^arn:aws[a-z-]*:(iam|sts)::\d{12}:[\w+=,.@\-/:]+$/, 'must be an IAM or STS principal ARN'))
      .min(1)
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
        /** Hub mode: the second channel, paged when the alert topic loses subscribers or fails deliveries. */
        pageEmails: z.array(z.email()).default([]),
        chat: chatSettingsSchema.optional(),
        securityHub: securityHubSettingsSchema.optional(),
      })
      .default({ emails: [], pageEmails: [] }),
    /** Tags on every resource, besides the guards' own `managed-by` tag. */
    defaultTags: z.record(z.string().min(1).max(128), z.string().max(256)).default({}),
    backend: backend.default({ type: 'local' }),
    handlerCode: handlerCode.default({ source: 'inline' }),
    guards: guardsSettingsSchema.default({}),
    /** Events not to alert on, each owned and expiring (README, "Suppressions"). */
    suppressions: suppressionsSchema(),
    /**
     * A local AWS API emulator (moto server, LocalStack) on this machine, e.g. http://127.0.0.1:4566:
     * every stack's provider sends every call there with test credentials, and the emulator's known
     * gaps are worked around (modules/stacks/emulator-gaps.ts). For trying the guards locally only.
     */
    localEndpoint: z
      .string()
      .superRefine((endpoint, context) => {
        const problem = localEndpointProblem(endpoint);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      })
      .optional(),
    /** Organization hub mode: one account runs the guards for all (README, "Two deployment modes"). */
    hub: hubSettingsSchema.optional(),
  })
  .superRefine((config, context) => {
    if (config.localEndpoint && config.backend.type !== 'local') {
      context.addIssue({
        code: 'custom',
        path: ['localEndpoint'],
        message: `cannot be combined with backend.type ${config.backend.type}: the state of emulated resources must stay local (backend: {type: local})`,
      });
    }
    if (config.localEndpoint && config.hub) {
      // Hub and spoke stacks are not pointed at the emulator yet: refuse rather than deploy them to AWS.
      context.addIssue({
        code: 'custom',
        path: ['localEndpoint'],
        message: 'cannot be combined with hub mode yet: try the standalone mode locally (remove hub)',
      });
    }
    if (!config.regions.includes(config.homeRegion)) {
      context.addIssue({ code: 'custom', path: ['homeRegion'], message: `must be one of regions (${config.regions.join(', ')})` });
    }
    config.accounts.forEach((entry, index) => {
      if (entry.regions && !entry.regions.includes(config.homeRegion)) {
        context.addIssue({
          code: 'custom',
          path: ['accounts', index, 'regions'],
          message: `must include the home region ${config.homeRegion}, where the account-wide guards live`,
        });
      }
      if (entry.regions) reportDuplicates(entry.regions, ['accounts', index, 'regions'], context);
    });
    reportDuplicates(config.regions, ['regions'], context);
    for (const guard of guardRegistry as readonly GuardDefinition[]) {
      for (const issue of guard.configIssues?.(config) ?? []) context.addIssue({ code: 'custom', ...issue });
    }
    for (const issue of hubConfigIssues(config)) context.addIssue({ code: 'custom', ...issue });
    for (const issue of pageChannelIssues(config)) context.addIssue({ code: 'custom', ...issue });
    for (const issue of suppressionIssues(config)) context.addIssue({ code: 'custom', ...issue });
    const code = config.handlerCode;
    if (code.source === 'bucket' && !config.accounts.some((entry) => entry.name === code.account)) {
      context.addIssue({ code: 'custom', path: ['handlerCode', 'account'], message: 'must be the name of one of accounts' });
    }
    if (code.source === 'bucket' && !code.publisherArns && !config.accounts.find((entry) => entry.name === code.account)?.roleArn) {
      context.addIssue({
        code: 'custom',
        path: ['handlerCode', 'publisherArns'],
        message: 'required when the artifacts account has no roleArn: the principals that alone may write the handler code',
      });
    }
    if (code.source === 'bucket') {
      // The artifact stacks are named artifacts-<region>.
      config.accounts.forEach((entry, index) => {
        if (entry.name === 'artifacts') {
          context.addIssue({
            code: 'custom',
            path: ['accounts', index, 'name'],
            message: 'artifacts is reserved for the artifact stacks when handlerCode.source is bucket',
          });
        }
      });
    }
    reportDuplicates(
      config.accounts.map((a) => a.id),
      ['accounts'],
      context,
      'id',
    );
    reportDuplicates(
      config.accounts.map((a) => a.name),
      ['accounts'],
      context,
      'name',
    );
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

function reportDuplicates(values: readonly string[], path: (string | number)[], context: z.RefinementCtx, field?: string): void {
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
