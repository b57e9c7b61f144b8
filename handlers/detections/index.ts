/**
 * The detections function: reads a CloudTrail call delivered by a detection rule (adapter), decides
 * which detection renders it and how (decide.ts, pure), and publishes one readable alert (effect).
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { publishAlert } from '../common/publish-alert';
import { cloudTrailAlertFacts } from '../common/cloudtrail-alert-facts';
import { importFinding } from '../common/security-hub-import';
import { detectionFinding } from './detection-finding';
import { formatAlert } from '../common/alert-format';
import { alertTopicArnVariable, partitionOfArn } from '../common/contract';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { regionOfArn } from '../common/member-account-names';
import { readOwnMemberAccountSettings } from '../common/member-directory';
import { withAccountName } from '../cloudtrail-alert/member-account-fact';
import { detectionById, readDetectionsEnvironment } from './contract';
import { Detection } from './catalogue/detection';
import { decideDetectionAlert } from './decide';
import { DetectionEvent, parseDetectionEvent } from './detection-event';
import { envAtLoad } from '../common/contract';

const logger = guardLogger();
// Created once per module; five attempts ride out SNS throttling during a burst of calls. The topic
// may be in another region (hub mode: the home region's topic).
const topicRegion = regionOfArn(envAtLoad(alertTopicArnVariable.name) ?? '');
const sns = new SNSClient({ maxAttempts: 5, ...(topicRegion ? { region: topicRegion } : {}) });

export interface DetectionResult {
  readonly eventId: string | undefined;
  readonly eventName: string;
  /** The detection that alerted, or undefined when the call was skipped. */
  readonly detection: string | undefined;
  readonly subject: string | undefined;
  readonly messageId: string | undefined;
  readonly skipped: string | undefined;
}

export const handler: GuardHandler<DetectionResult> = guardHandler({
  logger,
  settings: () => readDetectionsEnvironment(),
  parse: (event) => parseDetectionEvent(event),
  handle: async (event: DetectionEvent, environment) => {
    const { record } = event;
    const detections = environment.detections.map((id) => detectionById(id)).filter((detection): detection is Detection => detection !== undefined);
    const decision = decideDetectionAlert(event, {
      detections,
      allowList: environment.allowList,
      namePrefix: environment.namePrefix,
      partition: partitionOfArn(environment.alertTopicArn),
      guardName: environment.serviceName,
    });
    const base = { eventId: record.eventId, eventName: record.eventName };
    if (decision.kind === 'skip') {
      logger.info('no alert', { ...base, reason: decision.reason });
      return { ...base, detection: undefined, subject: undefined, messageId: undefined, skipped: decision.reason };
    }
    // Hub mode (a member directory): the alert names the member account first.
    const members = await readOwnMemberAccountSettings(partitionOfArn(environment.alertTopicArn));
    const { subject, message } = formatAlert(withAccountName(decision.content, record.accountId, members));
    const messageId = await publishAlert(
      sns,
      environment.alertTopicArn,
      { subject, message },
      { ...cloudTrailAlertFacts(record), detectionId: decision.detection.id },
    );
    // High and critical detections are also Security Hub findings, where those are on.
    const finding = detectionFinding(decision.detection, record, subject);
    if (finding) await importFinding(finding);
    logger.info('alert sent', { ...base, detection: decision.detection.id, subject, messageId });
    return { ...base, detection: decision.detection.id, subject, messageId, skipped: undefined };
  },
});
