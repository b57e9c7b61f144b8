import { z } from 'zod';
import { describeIssues } from './zod-issues';

/**
 * Checks a guard's props against its settings schema at synth and throws one error that names
 * the guard and every bad field, e.g. `instance-quarantine: fleetThreshold: Too small: expected number to be >=1`.
 */
export function validateSettings(guardName: string, schema: z.ZodType, settings: unknown): void {
  const result = schema.safeParse(settings);
  if (result.success) return;
  throw new Error(describeIssues(result.error.issues).map((problem) => `${guardName}: ${problem}`).join('\n'));
}
