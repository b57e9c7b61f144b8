/**
 * `npm run bench:rules`: the inactive-user rule's periodic sweep of an account with 10,000 IAM
 * users (mocked SDK, nothing reaches AWS), next to the same sweep done the classic way (one
 * history call and one GetUser per user). Prints one line:
 *
 *   users=10000 calls=... wall_ms=... classic_calls=... classic_wall_ms=...
 *
 * `calls` is every AWS call the sweep made; `wall_ms` is the handler's own time with an instant
 * SDK, so the real difference is mostly `calls` times the latency of one call.
 */
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { classicInactiveUserSweep } from './classic-inactive-user-sweep';
import { mockServicesFor, scheduledRuleEvent, simulatedAccount } from './simulated-iam-account';

const { values } = parseArgs({ options: { users: { type: 'string', default: '10000' }, deleted: { type: 'string', default: '5' } } });

async function main(): Promise<void> {
  // What a Lambda runtime would set; the handler logs nothing to the one line the bench prints.
  process.env.AWS_REGION ??= 'us-east-1';
  process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
  const now = new Date();
  const account = simulatedAccount(Number(values.users), now, Number(values.deleted));
  const ruleParameters = { maxInactiveDays: '90', newUserGraceDays: '30', exemptTagKey: 'guards:inactive-user-exempt' };

  const guard = mockServicesFor(account);
  const { handler } = await import('../handlers/inactive-user-rule/index');
  const started = performance.now();
  await handler(scheduledRuleEvent(account, now, ruleParameters));
  const wallMs = performance.now() - started;
  const calls = guard.totalCalls();
  guard.restore();

  const classic = mockServicesFor(account);
  const classicStarted = performance.now();
  await classicInactiveUserSweep({ config: new ConfigServiceClient({}), iam: new IAMClient({}) }, 'bench-result-token', 90, now);
  const classicWallMs = performance.now() - classicStarted;
  const classicCalls = classic.totalCalls();
  classic.restore();

  console.log(
    `users=${account.users.length} calls=${calls} wall_ms=${wallMs.toFixed(0)} classic_calls=${classicCalls} classic_wall_ms=${classicWallMs.toFixed(0)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
