/**
 * `npm run replay -- --config guards.yaml --event event.json`: which guards and detections of the
 * config take one event (a CloudTrail record, an EventBridge event, a GuardDuty finding, an
 * SNS-delivered CloudWatch alarm or a Config invocation), in which stack and mode, and what each
 * would do. No AWS call. The same command as `npx guards replay` (bin/guards.js).
 */
import { runReplay } from './replay/replay-command';

process.exitCode = runReplay(process.argv.slice(2), 'npm run replay --');
