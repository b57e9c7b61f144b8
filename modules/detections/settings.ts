import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { accountId } from '../common/schema-parts';
import { DetectionId, detectionIds } from '../../handlers/detections/contract';

/** Calls of one detection that are expected: by caller ARN (pattern), caller account or calling AWS service. */
export interface DetectionAllowanceSettings {
  /** The detection the allowance is for. */
  readonly detection: DetectionId;
  /** Caller ARNs; `*` stands for any run of characters. An assumed role matches by its session or its role ARN. */
  readonly principalArns?: readonly string[];
  /** Caller accounts (12-digit ids). */
  readonly accounts?: readonly string[];
  /** AWS services that call on a principal's behalf, e.g. `cloudformation.amazonaws.com`. */
  readonly invokedBy?: readonly string[];
}

/**
 * Which detections of the catalogue alert, and which of their calls are expected. The same keys
 * are written under `guards.detections` in the guards config.
 */
export interface DetectionsSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /** Detections switched off, by id (README of the guard: the catalogue). @default [] */
  readonly disabled?: readonly DetectionId[];
  /** Expected calls that alert no one, per detection. @default [] */
  readonly allowList?: readonly DetectionAllowanceSettings[];
}

const detectionId = z.enum(detectionIds as [DetectionId, ...DetectionId[]]);
const principalArnPattern = z
  .string()
  .regex(
    /^arn:(aws|aws-us-gov|aws-cn|\*):(iam|sts|\*)::(\d{12}|\*):[A-Za-z0-9+=,.@_/*-]+$/,
    'must be an IAM or STS principal ARN, * for any run of characters',
  );
const servicePrincipal = z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/, 'must be an AWS service principal such as cloudformation.amazonaws.com');

function unique(values: readonly string[]): boolean {
  return new Set(values).size === values.length;
}

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const detectionsSettingsSchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    disabled: z.array(detectionId).refine(unique, 'must not repeat a detection').optional(),
    allowList: z
      .array(
        z
          .strictObject({
            detection: detectionId,
            principalArns: z.array(principalArnPattern).min(1).optional(),
            accounts: z.array(accountId).min(1).optional(),
            invokedBy: z.array(servicePrincipal).min(1).optional(),
          })
          .refine((entry) => entry.principalArns || entry.accounts || entry.invokedBy, 'must name principalArns, accounts or invokedBy'),
      )
      .optional(),
  })
  .superRefine((settings, context) => {
    (settings.allowList ?? []).forEach((entry, index) => {
      if (settings.disabled?.includes(entry.detection)) {
        context.addIssue({
          code: 'custom',
          path: ['allowList', index, 'detection'],
          message: `${entry.detection} is disabled: its allowance would do nothing`,
        });
      }
    });
  }) satisfies z.ZodType<DetectionsSettings>;

/** The documented defaults, filled once by the construct. */
export const detectionsDefaults = {
  enabled: true,
  disabled: [] as readonly DetectionId[],
  allowList: [] as readonly DetectionAllowanceSettings[],
} satisfies Required<DetectionsSettings>;

/** The settings as the plan resolves them (account over organization over the defaults). */
export type ResolvedDetectionsSettings = ResolvedSettings<DetectionsSettings>;
