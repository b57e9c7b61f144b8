/**
 * The effect of every guard's alert: the publishes of alert-message.ts, in order. A publish that
 * fails throws (nobody may miss an alert): the invocation fails and Lambda retries it. An alert that
 * a configured suppression matches is counted instead of published (suppressed-alert.ts).
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { FormattedAlert } from './alert-format';
import { alertPublishInputs } from './alert-message';
import { ChatExtras } from './chat-notification';
import { priorityAlertTopicArnVariable, readEnvironment, serviceNameVariable } from './contract';
import { AlertFacts, suppressedBy } from './suppressed-alert';

// The guard's name is its service name (every guard function has it); the priority topic is optional.
const publishEnvironment = { guardName: serviceNameVariable, priorityTopicArn: priorityAlertTopicArnVariable };

/**
 * Publishes `alert` to `alertTopicArn` (and the priority topic, where set); the alert topic's message
 * id, or undefined when a suppression matched `facts` (nothing published, the suppression counted).
 */
export async function publishAlert(
  sns: SNSClient,
  alertTopicArn: string,
  alert: FormattedAlert,
  facts: AlertFacts,
  extras: Omit<ChatExtras, 'guardName'> = {},
): Promise<string | undefined> {
  const { guardName, priorityTopicArn } = readEnvironment(publishEnvironment);
  if (suppressedBy(facts)) return undefined;
  let messageId: string | undefined;
  for (const input of alertPublishInputs({ alertTopicArn, priorityTopicArn }, alert, { ...extras, guardName })) {
    const published = await sns.send(new PublishCommand(input));
    messageId ??= published.MessageId;
  }
  return messageId;
}
