/**
 * `npm run replay -- --config guards.yaml --event event.json`: which guards and detections of the
 * config match one event (a CloudTrail record, an EventBridge event, a GuardDuty finding or a
 * Config invocation), in which stack and mode, and the alert each would send. No AWS call.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GuardsConfigError, loadGuardsConfig } from '../modules/config/load-guards-config';
import { UnreadableEventError, formatReplay, replayEvent } from './replay/replay-event';

function main(): number {
  const { values } = parseArgs({ options: { config: { type: 'string' }, event: { type: 'string' } } });
  if (!values.config || !values.event) {
    process.stderr.write('usage: npm run replay -- --config <guards.yaml> --event <event.json>\n');
    return 2;
  }
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(values.event, 'utf8'));
  } catch (error) {
    process.stderr.write(`${values.event}: cannot read the event: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    process.stdout.write(`${formatReplay(replayEvent(loadGuardsConfig(values.config), input))}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UnreadableEventError) {
      process.stderr.write(`${values.event}: ${error.message}\n`);
      return 1;
    }
    if (error instanceof GuardsConfigError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main();
