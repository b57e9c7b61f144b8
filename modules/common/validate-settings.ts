import { Token } from 'cdktf';
import { z } from 'zod';
import { describeIssues } from './zod-issues';

/**
 * Checks a guard's props against its settings schema at synth and throws one error that names
 * the guard and every bad field, e.g. `instance-quarantine: fleetThreshold: Too small: expected number to be >=1`.
 */
export function validateSettings(guardName: string, schema: z.ZodType, settings: Record<string, unknown>): void {
  // A Terraform reference (an exported module's variable) is checked by that variable's own
  // validation when Terraform knows its value, not here.
  const literalSettings = Object.fromEntries(Object.entries(settings).filter(([, value]) => !Token.isUnresolved(value)));
  const result = schema.safeParse(literalSettings);
  if (result.success) return;
  throw new Error(
    describeIssues(result.error.issues)
      .map((problem) => `${guardName}: ${problem}`)
      .join('\n'),
  );
}
