/**
 * The cloudtrail-alert function, run by the iam-change-alert and sg-change-alert guards (each with
 * its own function and role): reads a CloudTrail API call from EventBridge (adapter), describes it
 * (api-call-alert.ts, pure) and publishes one readable alert to the alert topic (effect).
 * With a failed-call table (hub mode), a caller's failed calls alert once per window: the first at
 * once, the rest as one digest with the caller's first failed call of a later window. A table
 * fault fails open: the call alerts as it would without the table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { publishAlert } from '../common/publish-alert';
import { cloudTrailAlertFacts } from '../common/cloudtrail-alert-facts';
import { formatAlert } from '../common/alert-format';
import { alertTopicArnVariable, partitionOfArn, envAtLoad } from '../common/contract';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { regionOfArn } from '../common/member-account-names';
import { readOwnMemberAccountSettings } from '../common/member-directory';
import { readApiCallAlertEnvironment } from './contract';
import { withAccountName } from './member-account-fact';
import { withTamperMarker } from './tamper-marker';
import { describeApiCall } from './api-call-alert';
import { CloudTrailRecord } from '../common/cloudtrail-record';
import { parseApiCallEvent } from './eventbridge-event';
import { failedCallDigest, failedCallKey } from './failed-call-digest';
import { FailedCallVerdict, claimWindow, countFailedCall } from './failed-call-table';
import { describeAwsError } from '../common/aws-errors';

const logger = guardLogger();
// Created once per module; five attempts ride out SNS throttling during a burst of changes. The
// topic may be in another region (hub mode: the home region's topic), where SNS takes its publishes.
const topicRegion = regionOfArn(envAtLoad(alertTopicArnVariable.name) ?? '');
const sns = new SNSClient({ maxAttempts: 5, ...(topicRegion ? { region: topicRegion } : {}) });
// The failed-call table is in the function's own region.
const dynamodb = new DynamoDBClient({ maxAttempts: 3 });

export interface AlertResult {
  readonly eventId: string | undefined;
  readonly eventName: string;
  readonly subject: string;
  readonly messageId: string | undefined;
  /** `counted`: a failed call folded into its window's digest (nothing published). */
  readonly counted?: boolean;
  /** The message id of the previous window's digest, published before this call's alert. */
  readonly digestMessageId?: string;
}

/** The table's verdict on a failed call, or undefined (alert as usual) without a table or on a table fault. */
async function failedCallVerdict(tableName: string | undefined, record: CloudTrailRecord, now: number): Promise<FailedCallVerdict | undefined> {
  const key = failedCallKey(record);
  if (!tableName || !key) return undefined;
  try {
    return await countFailedCall(dynamodb, tableName, key, record.eventName, now);
  } catch (error) {
    logger.warn('failed-call table unavailable: alerting the call on its own', { eventId: record.eventId, error: describeAwsError(error) });
    return undefined;
  }
}

export const handler: GuardHandler<AlertResult> = guardHandler({
  logger,
  settings: () => readApiCallAlertEnvironment(),
  parse: (event) => parseApiCallEvent(event),
  handle: async (record: CloudTrailRecord, { alertTopicArn, serviceName: guardName, failedCallTableName }) => {
    const partition = partitionOfArn(alertTopicArn);
    const members = await readOwnMemberAccountSettings(partition);
    const now = Date.now();
    const verdict = await failedCallVerdict(failedCallTableName, record, now);
    if (verdict?.kind === 'counted') {
      logger.info('failed call counted into its digest', { eventId: record.eventId, eventName: record.eventName });
      return { eventId: record.eventId, eventName: record.eventName, subject: '', messageId: undefined, counted: true };
    }
    const key = failedCallKey(record);
    let digestMessageId: string | undefined;
    if (verdict?.previous && key) {
      const digest = formatAlert(withTamperMarker(failedCallDigest(verdict.previous, key, record, { guardName, members }), guardName));
      digestMessageId = await publishAlert(sns, alertTopicArn, digest, cloudTrailAlertFacts(record));
      logger.info('failed-call digest sent', { caller: key.callerArn, accountId: key.accountId, count: verdict.previous.count, messageId: digestMessageId });
    }
    const { subject, message } = formatAlert(
      withTamperMarker(withAccountName(describeApiCall(record, { partition, guardName }), record.accountId, members), guardName),
    );
    const messageId = await publishAlert(sns, alertTopicArn, { subject, message }, cloudTrailAlertFacts(record));
    logger.info('alert sent', { eventId: record.eventId, eventName: record.eventName, subject, messageId });
    // Claimed only once alerted: a failed publish above leaves the window open, and the retry alerts again.
    if (verdict?.kind === 'first' && key && failedCallTableName) {
      await claimWindow(dynamodb, failedCallTableName, key, verdict.windowStart, now).catch((error: unknown) =>
        logger.warn('failed-call window not claimed: the next failed call alerts on its own', { eventId: record.eventId, error: describeAwsError(error) }),
      );
    }
    return { eventId: record.eventId, eventName: record.eventName, subject, messageId, ...(digestMessageId ? { digestMessageId } : {}) };
  },
});
