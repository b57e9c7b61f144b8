import { z } from 'zod';
import { logGroupName, logRetentionDays } from './schema-parts';
import type { ConfigIssue } from './config-issue';

/**
 * Where a guard reads CloudTrail from logs: the CloudWatch Logs group of a multi-region trail,
 * created by the guard (`createTrail`) or existing. The same keys in every guard that reads it
 * (signin-alert, iam-change-alert), so that two guards can share one trail.
 */
export interface TrailSourceSettings {
  /**
   * Create a multi-region CloudTrail trail, its bucket, delivery role and the log group below. An
   * account needs one such trail: set it in one guard of the home region; the other guards read
   * the same log group by name (the stack creates the trail once even if several guards ask).
   * @default false
   */
  readonly createTrail?: boolean;
  /**
   * The CloudWatch Logs group a multi-region trail of this account delivers to, in the home region:
   * created with the trail when `createTrail`, else it must exist.
   * @default '/guards/cloudtrail'
   */
  readonly trailLogGroupName?: string;
  /** Retention of the log group `createTrail` creates (the bucket keeps every log file). @default 90 */
  readonly trailLogRetentionDays?: number;
}

/** The schema members of {@link TrailSourceSettings}, spread into each guard's strict schema. */
export const trailSourceSettingsShape = {
  createTrail: z.boolean().optional(),
  trailLogGroupName: logGroupName
    .optional()
    .describe(
      'CloudWatch Logs group of a multi-region trail of the account, in the home region: created with the trail when createTrail is on, else it must exist.',
    ),
  trailLogRetentionDays: logRetentionDays
    .optional()
    .describe("Retention of the trail's log group when createTrail creates it, in days (the bucket keeps every log file)."),
};

export const trailSourceDefaults = {
  createTrail: false,
  trailLogGroupName: '/guards/cloudtrail',
  trailLogRetentionDays: 90,
} satisfies Required<TrailSourceSettings>;

/** Hub mode reads the organization trail (`hub.organizationTrail`): a guard's own trail settings are mistakes there. */
export function trailSourceHubIssues(settings: Readonly<Record<string, unknown>>, path: readonly (string | number)[]): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (settings.createTrail === true) {
    issues.push({ path: [...path, 'createTrail'], message: 'hub mode reads the organization trail (hub.organizationTrail) instead of a trail per account' });
  }
  if (settings.trailLogGroupName !== undefined) {
    issues.push({ path: [...path, 'trailLogGroupName'], message: 'hub mode reads hub.organizationTrail.logGroupName' });
  }
  return issues;
}
