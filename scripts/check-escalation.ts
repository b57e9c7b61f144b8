/**
 * `npm run check:escalation`: synthesizes every example config, simulates every IAM role of every
 * stack against the published privilege-escalation methods (scripts/escalation/escalation-methods.ts),
 * prints one line per role and `roles=N escalation_paths=M`, and exits non-zero when M > 0.
 */
import { exampleConfigFiles, rolesOfConfig } from './escalation/example-roles';
import { escalationReport, findEscalationPaths } from './escalation/simulate-escalation';

async function main(): Promise<void> {
  const roles = exampleConfigFiles().flatMap((file) => rolesOfConfig(file));
  const results = [];
  for (const role of roles) results.push(await findEscalationPaths(role));
  const { lines, paths } = escalationReport(results);
  for (const line of lines) console.log(line);
  process.exitCode = paths > 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
