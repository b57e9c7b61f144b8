import { z } from 'zod';
import type { ResolvedSettings } from '../common/guard-definition';
import { metricNamespace } from '../common/metric-namespace';
import { TrailSourceSettings, trailSourceDefaults, trailSourceSettingsShape } from '../common/trail-source-settings';

/**
 * Where the cis-alarms guard reads the trail and names its metrics. The same keys are written under
 * `guards.cisAlarms` in the guards config.
 */
export interface CisAlarmsSettings extends TrailSourceSettings {
  /** Deploy the guard at all. @default true */
  readonly enabled?: boolean;
  /** Namespace of the 15 metrics (CIS and Security Hub suggest one namespace for all). @default 'CISBenchmark' */
  readonly metricNamespace?: string;
  /**
   * Hub mode only: each member account also gets its own multi-region trail delivering to
   * `trailLogGroupName`, the 15 filters and alarms on it and a topic with the `alerts.emails`
   * subscribers in its home region, so that its own Security Hub CloudWatch.1-14 pass (an
   * organization trail delivers to the hub's log group only). Costs each member about $2.50 a month
   * fixed and a paid second trail copy (README of the guard). @default false
   */
  readonly memberAlarms?: boolean;
}

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const cisAlarmsSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  metricNamespace: metricNamespace.optional().describe('CloudWatch namespace of the 15 CIS metrics.'),
  memberAlarms: z
    .boolean()
    .optional()
    .describe('Hub mode: each member also gets its own trail, the 15 filters and alarms and a topic, so that its own Security Hub CloudWatch.1-14 pass.'),
  ...trailSourceSettingsShape,
}) satisfies z.ZodType<CisAlarmsSettings>;

/** The documented defaults, filled once by the construct. */
export const cisAlarmsDefaults = {
  enabled: true,
  metricNamespace: 'CISBenchmark',
  memberAlarms: false,
  ...trailSourceDefaults,
} satisfies Required<CisAlarmsSettings>;

/** The settings as the plan resolves them (account over organization over the defaults). */
export type ResolvedCisAlarmsSettings = ResolvedSettings<CisAlarmsSettings>;
