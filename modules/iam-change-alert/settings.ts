import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { metricNamespace } from '../common/metric-namespace';
import { TrailSourceSettings, trailSourceDefaults, trailSourceSettingsShape } from '../common/trail-source-settings';
import { iamChangeFilterPattern, maxMetricFilterPatternLength } from './event-pattern';

/** The IAM calls that create or widen an identity's access, watched by default. */
export const defaultIamChangeEventNames = [
  'CreateAccessKey',
  'CreateUser',
  'CreateLoginProfile',
  'AddUserToGroup',
  'PutUserPolicy',
  'AttachUserPolicy',
  'CreateRole',
  'CreatePolicyVersion',
] as const;

/**
 * What the iam-change-alert guard watches and how it alerts. The same keys are written under
 * `guards.iamChangeAlert` in the guards config.
 */
export interface IamChangeAlertSettings extends TrailSourceSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /**
   * IAM API calls (CloudTrail event names) that alert. Calls not in the default list are described
   * generically: who called what on which identity.
   * @default ['CreateAccessKey', 'CreateUser', 'CreateLoginProfile', 'AddUserToGroup', 'PutUserPolicy', 'AttachUserPolicy', 'CreateRole', 'CreatePolicyVersion']
   */
  readonly eventNames?: readonly string[];
  /** Classic alarm: a metric filter over the trail's log group, and an alarm on the alert topic. @default true */
  readonly alarm?: boolean;
  /** Namespace of the alarm's metric. @default 'SecurityGuards/IamChanges' */
  readonly metricNamespace?: string;
  /** Detailed alert: an EventBridge rule to a function that says who changed which identity. @default true */
  readonly detailedAlert?: boolean;
}

const iamEventName = z.string().regex(/^[A-Z][A-Za-z0-9]{2,127}$/, 'must be an IAM API call name such as CreateAccessKey');

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const iamChangeAlertSettingsSchema = z
  .strictObject({
    enabled: z.boolean().optional(),
    eventNames: z.array(iamEventName).min(1).optional(),
    alarm: z.boolean().optional(),
    metricNamespace: metricNamespace.optional().describe("CloudWatch namespace of the alarm's metric."),
    detailedAlert: z.boolean().optional(),
    ...trailSourceSettingsShape,
  })
  .superRefine((settings, context) => {
    const eventNames = settings.eventNames ?? iamChangeAlertDefaults.eventNames;
    eventNames.forEach((name, index) => {
      if (eventNames.indexOf(name) !== index) context.addIssue({ code: 'custom', path: ['eventNames', index], message: `duplicate value ${name}` });
    });
    const patternLength = iamChangeFilterPattern(eventNames).length;
    if (patternLength > maxMetricFilterPatternLength) {
      context.addIssue({
        code: 'custom',
        path: ['eventNames'],
        message: `make a metric filter pattern of ${patternLength} characters; CloudWatch Logs accepts at most ${maxMetricFilterPatternLength}`,
      });
    }
    if (settings.alarm === false && settings.detailedAlert === false) {
      context.addIssue({
        code: 'custom',
        path: ['alarm'],
        message: 'alarm and detailedAlert are both off: the guard would do nothing (set enabled: false instead)',
      });
    }
  }) satisfies z.ZodType<IamChangeAlertSettings>;

/** The documented defaults, filled once by the construct. */
export const iamChangeAlertDefaults = {
  enabled: true,
  eventNames: defaultIamChangeEventNames as readonly string[],
  alarm: true,
  metricNamespace: 'SecurityGuards/IamChanges',
  detailedAlert: true,
  ...trailSourceDefaults,
} satisfies Required<IamChangeAlertSettings>;

/** The settings as the plan hands them to the guard: the config's levels merged over these defaults. */
export type ResolvedIamChangeAlertSettings = ResolvedSettings<IamChangeAlertSettings>;
