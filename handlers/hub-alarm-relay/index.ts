/**
 * The hub-alarm-relay function (hub mode, each hub region but the home one): reads a hub alarm's
 * state change from EventBridge (adapter), describes it (pure) and publishes the alert to the home
 * region's topic (effect), with no bus-to-bus hop on the way.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { formatAlert } from '../common/alert-format';
import { alertTopicArnVariable, envAtLoad, partitionOfArn } from '../common/contract';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { regionOfArn } from '../common/member-account-names';
import { publishAlert } from '../common/publish-alert';
import { AlarmStateChange, describeAlarmStateChange, parseAlarmStateChange } from './alarm-state-change';
import { readHubAlarmRelayEnvironment } from './contract';
import { neverSuppressed } from '../common/suppressed-alert';

const logger = guardLogger();
// The topic is in the home region: SNS takes its publishes there.
const topicRegion = regionOfArn(envAtLoad(alertTopicArnVariable.name) ?? '');
const sns = new SNSClient({ maxAttempts: 5, ...(topicRegion ? { region: topicRegion } : {}) });

export interface RelayResult {
  readonly alarmName: string;
  readonly subject: string;
  readonly messageId: string | undefined;
}

export const handler: GuardHandler<RelayResult> = guardHandler({
  logger,
  settings: () => readHubAlarmRelayEnvironment(),
  parse: (event) => parseAlarmStateChange(event),
  handle: async (change: AlarmStateChange, { alertTopicArn, serviceName }) => {
    const alert = formatAlert(describeAlarmStateChange(change, partitionOfArn(alertTopicArn), serviceName));
    // The hub's own alarms say a guard is failing: never suppressed.
    const messageId = await publishAlert(sns, alertTopicArn, alert, neverSuppressed);
    logger.info('alarm relayed', { alarmName: change.alarmName, region: change.region, messageId });
    return { alarmName: change.alarmName, subject: alert.subject, messageId };
  },
});
