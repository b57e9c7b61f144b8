/**
 * The replay command, `npm run replay -- --config <file> --event <file>` (scripts/replay.ts) and
 * `npx guards replay --config <file> --event <file>` (bin/guards.js, from the built package): one
 * event against a guards config, dry run, no AWS call. Its exit code: 0 replayed, 1 an unreadable
 * event or config, 2 a usage mistake.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GuardsConfigError, loadGuardsConfig } from '../../modules/config/load-guards-config';
import { UnreadableEventError, formatReplay, replayEvent } from './replay-event';

export interface CommandOutput {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const processOutput: CommandOutput = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** `usage` names how the command was called (npm run replay --, npx guards replay). */
export function runReplay(args: readonly string[], usage: string, output: CommandOutput = processOutput): number {
  let values: { config?: string; event?: string };
  try {
    ({ values } = parseArgs({ args: [...args], options: { config: { type: 'string' }, event: { type: 'string' } } }));
  } catch (error) {
    output.stderr(`${(error as Error).message}\nusage: ${usage} --config <guards.yaml> --event <event.json>\n`);
    return 2;
  }
  if (!values.config || !values.event) {
    output.stderr(`usage: ${usage} --config <guards.yaml> --event <event.json>\n`);
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(values.event, 'utf8'));
  } catch (error) {
    output.stderr(`${values.event}: cannot read the event: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    output.stdout(`${formatReplay(replayEvent(loadGuardsConfig(values.config), input))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UnreadableEventError) {
      output.stderr(`${values.event}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof GuardsConfigError) {
      output.stderr(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
