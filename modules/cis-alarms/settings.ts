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
}

/** Validates the settings, from the config file or from construct props, with one set of rules. */
export const cisAlarmsSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  metricNamespace: metricNamespace.optional().describe('CloudWatch namespace of the 15 CIS metrics.'),
  ...trailSourceSettingsShape,
}) satisfies z.ZodType<CisAlarmsSettings>;

/** The documented defaults, filled once by the construct. */
export const cisAlarmsDefaults = {
  enabled: true,
  metricNamespace: 'CISBenchmark',
  ...trailSourceDefaults,
} satisfies Required<CisAlarmsSettings>;

/** The settings as the plan resolves them (account over organization over the defaults). */
export type ResolvedCisAlarmsSettings = ResolvedSettings<CisAlarmsSettings>;
