/**
 * The hub's heartbeat function (hub mode, every hub region). A member region's beat (the Scheduled
 * Event of its `<prefix>-heartbeat` rule, on the hub bus) raises that account's last beat in the
 * region's table. The hub's own check rule asks it, every interval, which served member accounts of
 * the region (the region's member directory) have missed `missedBeats` beats: one alert lists every newly silent one (by id and
 * name), another every one beating again; each is reported once (conditional writes).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { alertTopicArnVariable, envAtLoad, requireEnv } from '../common/contract';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { memberDirectoryVariables, readOwnMemberAccountEnvironment, regionOfArn } from '../common/member-account-names';
import { loadMemberDirectory } from '../common/member-directory';
import { publishAlert } from '../common/publish-alert';
import { neverSuppressed } from '../common/suppressed-alert';
import { readHeartbeatEnvironment } from './contract';
import { HeartbeatInput, parseHeartbeatEvent } from './heartbeat-event';
import { inBatches, markRecovered, markSilenceReported, markWatched, readAccountRecords, recordBeat } from './heartbeat-table';
import { servedAccountsOf } from './served-accounts';
import { judgeHeartbeats, silenceThresholdMs } from './silence';
import { recoveryAlert, silenceAlert } from './silence-alert';

const logger = guardLogger();
const dynamodb = new DynamoDBClient({ maxAttempts: 5 });
// The topic is in the home region: SNS takes its publishes there.
const topicRegion = regionOfArn(envAtLoad(alertTopicArnVariable.name) ?? '');
const sns = new SNSClient({ maxAttempts: 5, ...(topicRegion ? { region: topicRegion } : {}) });

/** Conditional writes in flight at once during a check. */
const writeWidth = 25;

export type HeartbeatResult =
  | { readonly kind: 'beat'; readonly accountId: string; readonly recorded: boolean }
  | { readonly kind: 'check'; readonly silent: readonly string[]; readonly recovered: readonly string[]; readonly watched: number };

export const handler: GuardHandler<HeartbeatResult> = guardHandler({
  logger,
  settings: () => {
    const { directory } = readOwnMemberAccountEnvironment();
    if (!directory)
      throw new Error(
        `${memberDirectoryVariables.bucket} environment variable is not set: the heartbeat check reads the served accounts from the hub's member directory`,
      );
    return { ...readHeartbeatEnvironment(), region: requireEnv('AWS_REGION'), directory };
  },
  parse: (event, settings): HeartbeatInput => parseHeartbeatEvent(event, settings),
  handle: async (input, settings) => {
    if (input.kind === 'beat') {
      const recorded = await recordBeat(dynamodb, settings.tableName, input.accountId, input.firedAt);
      logger.info('beat', { accountId: input.accountId, region: input.region, recorded });
      return { kind: 'beat', accountId: input.accountId, recorded };
    }
    const now = Date.now();
    const served = servedAccountsOf(await loadMemberDirectory(settings.directory), settings.region);
    const records = await readAccountRecords(dynamodb, settings.tableName);
    const verdicts = judgeHeartbeats(now, served, records, silenceThresholdMs(settings));
    const context = { ...settings, eventId: input.eventId, guardName: settings.serviceName };
    // Published first, marked after: a failed publish fails the invocation unmarked, so the retry alerts again.
    if (verdicts.newlySilent.length > 0) {
      await publishAlert(sns, settings.alertTopicArn, silenceAlert(verdicts.newlySilent, context), neverSuppressed);
      await inBatches(verdicts.newlySilent, writeWidth, (account) => markSilenceReported(dynamodb, settings.tableName, account.accountId, now));
    }
    if (verdicts.recovered.length > 0) {
      await publishAlert(sns, settings.alertTopicArn, recoveryAlert(verdicts.recovered, context), neverSuppressed);
      await inBatches(verdicts.recovered, writeWidth, (account) => markRecovered(dynamodb, settings.tableName, account.accountId, account.silentReportedAt));
    }
    await inBatches(verdicts.firstWatched, writeWidth, (accountId) => markWatched(dynamodb, settings.tableName, accountId, now));
    const result = {
      kind: 'check' as const,
      silent: verdicts.newlySilent.map((account) => account.accountId),
      recovered: verdicts.recovered.map((account) => account.accountId),
      watched: verdicts.firstWatched.length,
    };
    logger.info('heartbeat check', { served: served.size, ...result });
    return result;
  },
});
