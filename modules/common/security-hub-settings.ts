import { z } from 'zod';

/**
 * `alerts.securityHub`: also report each quarantine, release, Config non-compliance and high or
 * critical detection as a Security Hub finding (BatchImportFindings into the account's own product).
 * Off by default. Security Hub must be enabled in the account and region (it refuses findings otherwise).
 */
export const securityHubSettingsSchema = z.strictObject({
  enabled: z.boolean().describe('Import the findings into Security Hub (which must be enabled in each account and region).'),
});

export type SecurityHubSettings = z.output<typeof securityHubSettingsSchema>;
