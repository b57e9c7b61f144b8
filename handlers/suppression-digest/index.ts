/**
 * The weekly suppression digest: one message listing each suppression of the stack, how many alerts
 * it held back in the week, its owner and its expiry (handlers/common/suppression.ts renders it).
 * Run by an EventBridge schedule; the counts come from CloudWatch (suppressed-counts.ts).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SNSClient } from '@aws-sdk/client-sns';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { publishAlert } from '../common/publish-alert';
import { neverSuppressed } from '../common/suppressed-alert';
import { suppressionDigest } from '../common/suppression';
import { digestWindowDays, readSuppressionDigestEnvironment } from './contract';
import { sumCounts, suppressedCounts } from './suppressed-counts';

const logger = guardLogger();
// One client per region read (hub mode: every hub region), made once.
const cloudwatchClients = new Map<string, CloudWatchClient>();
function cloudwatchOf(region: string | undefined): CloudWatchClient {
  const key = region ?? '';
  let client = cloudwatchClients.get(key);
  if (!client) {
    client = new CloudWatchClient({ maxAttempts: 5, ...(region ? { region } : {}) });
    cloudwatchClients.set(key, client);
  }
  return client;
}
const sns = new SNSClient({ maxAttempts: 5 });

export interface DigestResult {
  readonly subject: string;
  readonly suppressed: number;
  readonly messageId: string | undefined;
}

export const handler: GuardHandler<DigestResult> = guardHandler({
  logger,
  settings: () => readSuppressionDigestEnvironment(),
  // Any invocation (the schedule's Scheduled Event) asks for the digest of the week up to now.
  parse: () => undefined,
  handle: async (_input, settings) => {
    const end = new Date();
    const start = new Date(end.getTime() - digestWindowDays * 86_400_000);
    const regions: readonly (string | undefined)[] = settings.metricRegions ?? [undefined];
    const counts = sumCounts(await Promise.all(regions.map((region) => suppressedCounts(cloudwatchOf(region), settings.suppressions, start, end))));
    const digest = suppressionDigest(counts, end.toISOString().slice(0, 10));
    // The digest is how owners learn what their suppressions hide: it is never itself suppressed.
    const messageId = await publishAlert(sns, settings.alertTopicArn, digest, neverSuppressed);
    const suppressed = counts.reduce((sum, entry) => sum + entry.count, 0);
    logger.info('digest sent', { suppressions: counts.length, suppressed, messageId });
    return { subject: digest.subject, suppressed, messageId };
  },
});
