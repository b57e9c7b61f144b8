/**
 * What one alert is on the wire: an SNS publish with `MessageStructure: 'json'`, so each kind of
 * subscriber gets its own rendering of the same alert
 * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html, MessageStructure: a top-level "default"
 * string is required, and is what every protocol without its own key receives): e-mail (and SQS, Lambda)
 * the readable text, the chat integration (an `https` subscriber) the custom-notification JSON.
 * A `severity` message attribute says whether it is a priority alert. Pure: no AWS call.
 */
import type { PublishCommandInput } from '@aws-sdk/client-sns';
import type { FormattedAlert } from './alert-format';
import { alertSeverity } from './alert-priority';
import { ChatExtras, chatNotification } from './chat-notification';

export function alertPublishInput(topicArn: string, alert: FormattedAlert, extras: ChatExtras): PublishCommandInput {
  return {
    TopicArn: topicArn,
    Subject: alert.subject,
    MessageStructure: 'json',
    Message: JSON.stringify({ default: alert.message, email: alert.message, https: JSON.stringify(chatNotification(alert, extras)) }),
    MessageAttributes: { severity: { DataType: 'String', StringValue: alertSeverity(alert.subject) } },
  };
}

/**
 * The publishes of one alert: to the alert topic, and a priority alert also to the priority topic
 * where there is one (the priority chat channels subscribe to that one only).
 */
export function alertPublishInputs(
  topics: { readonly alertTopicArn: string; readonly priorityTopicArn?: string },
  alert: FormattedAlert,
  extras: ChatExtras,
): PublishCommandInput[] {
  const inputs = [alertPublishInput(topics.alertTopicArn, alert, extras)];
  if (topics.priorityTopicArn && alertSeverity(alert.subject) === 'priority') inputs.push(alertPublishInput(topics.priorityTopicArn, alert, extras));
  return inputs;
}
