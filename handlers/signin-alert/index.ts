/**
 * The signin-alert function: reads a CloudWatch Logs delivery of console sign-in records from the
 * trail's log group (adapter, logs-payload.ts), decides which to report (sign-in.ts, pure) and
 * publishes one readable alert per reported sign-in to the alert topic (effect).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { publishAlert } from '../common/publish-alert';
import { cloudTrailAlertFacts } from '../common/cloudtrail-alert-facts';
import { formatAlert } from '../common/alert-format';
import { partitionOfArn } from '../common/contract';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { readSignInAlertEnvironment } from './contract';
import { LogsDelivery, parseLogsDelivery } from './logs-payload';
import { decideSignIn } from './sign-in';

const logger = guardLogger();
// Created once per module; five attempts ride out SNS throttling.
const sns = new SNSClient({ maxAttempts: 5 });

export interface SignInAlertResult {
  readonly alerted: readonly { readonly eventId: string | undefined; readonly subject: string }[];
  readonly skipped: readonly { readonly eventId: string | undefined; readonly reason: string }[];
}

export const handler: GuardHandler<SignInAlertResult> = guardHandler({
  logger,
  settings: () => {
    const { alertTopicArn, serviceName: guardName, riskySignInsOnly } = readSignInAlertEnvironment();
    return { alertTopicArn, riskySignInsOnly, partition: partitionOfArn(alertTopicArn), guardName };
  },
  parse: (event) => parseLogsDelivery(event),
  handle: async (delivery: LogsDelivery, settings) => {
    if (delivery.kind === 'control') {
      logger.info('control message ignored', { logGroup: delivery.logGroup });
      return { alerted: [], skipped: [] };
    }
    const alerted: { eventId: string | undefined; subject: string }[] = [];
    const skipped: { eventId: string | undefined; reason: string }[] = [];
    // One by one, in the order of the log: a person reads the alerts in the order the sign-ins happened.
    for (const record of delivery.records) {
      const decision = decideSignIn(record, settings);
      if (decision.action === 'skip') {
        logger.info('sign-in not reported', { eventId: record.eventId, eventName: record.eventName, reason: decision.reason });
        skipped.push({ eventId: record.eventId, reason: decision.reason });
        continue;
      }
      const { subject, message } = formatAlert(decision.content);
      await publishAlert(sns, settings.alertTopicArn, { subject, message }, cloudTrailAlertFacts(record));
      logger.info('alert sent', { eventId: record.eventId, risks: decision.signIn.risks, subject });
      alerted.push({ eventId: record.eventId, subject });
    }
    return { alerted, skipped };
  },
});
