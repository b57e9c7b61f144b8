/**
 * The cloudtrail-alert function, run by the iam-change-alert and sg-change-alert guards (each with
 * its own function and role): reads a CloudTrail API call from EventBridge (adapter), describes it
 * (api-call-alert.ts, pure) and publishes one readable alert to the alert topic (effect).
 */
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

const logger = guardLogger();
// Created once per module; five attempts ride out SNS throttling during a burst of changes. The
// topic may be in another region (hub mode: the home region's topic), where SNS takes its publishes.
const topicRegion = regionOfArn(envAtLoad(alertTopicArnVariable.name) ?? '');
const sns = new SNSClient({ maxAttempts: 5, ...(topicRegion ? { region: topicRegion } : {}) });

export interface AlertResult {
  readonly eventId: string | undefined;
  readonly eventName: string;
  readonly subject: string;
  readonly messageId: string | undefined;
}

export const handler: GuardHandler<AlertResult> = guardHandler({
  logger,
  settings: () => readApiCallAlertEnvironment(),
  parse: (event) => parseApiCallEvent(event),
  handle: async (record: CloudTrailRecord, { alertTopicArn, serviceName: guardName }) => {
    const partition = partitionOfArn(alertTopicArn);
    const members = await readOwnMemberAccountSettings(partition);
    const { subject, message } = formatAlert(
      withTamperMarker(withAccountName(describeApiCall(record, { partition, guardName }), record.accountId, members), guardName),
    );
    const messageId = await publishAlert(sns, alertTopicArn, { subject, message }, cloudTrailAlertFacts(record));
    logger.info('alert sent', { eventId: record.eventId, eventName: record.eventName, subject, messageId });
    return { eventId: record.eventId, eventName: record.eventName, subject, messageId };
  },
});
