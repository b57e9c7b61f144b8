import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { EventBridgeClient, PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { JsonRecord } from './cloudtrail-envelopes';

/**
 * EventBridge rules judged by the emulator: each rule gets an SQS queue of its own as its target
 * (the emulator cannot deliver to a Lambda target), events are put on the bus, and a rule's queue
 * tells whether it matched and what it delivered.
 */

/** Creates the rule (on `eventBusName`, else the default bus) with a new queue `queueName` as its target; returns the queue's URL. */
export async function placeRuleWithQueue(
  events: EventBridgeClient,
  queues: SQSClient,
  rule: { readonly name: string; readonly eventPattern: string; readonly eventBusName?: string },
  queueName: string,
): Promise<string> {
  const bus = rule.eventBusName ? { EventBusName: rule.eventBusName } : {};
  await events.send(new PutRuleCommand({ Name: rule.name, EventPattern: rule.eventPattern, State: 'ENABLED', ...bus }));
  const { QueueUrl } = await queues.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await queues.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
  await events.send(new PutTargetsCommand({ Rule: rule.name, ...bus, Targets: [{ Id: 'deliveries', Arn: Attributes?.QueueArn }] }));
  return QueueUrl ?? '';
}

/** Every event the queue holds, parsed; the queue is left empty. */
export async function drainQueue(queues: SQSClient, queueUrl: string): Promise<JsonRecord[]> {
  const delivered: JsonRecord[] = [];
  for (;;) {
    const { Messages } = await queues.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
    if (!Messages || Messages.length === 0) return delivered;
    delivered.push(...Messages.map((message) => JSON.parse(message.Body ?? '{}') as JsonRecord));
    await queues.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
      }),
    );
  }
}

/** Puts an EventBridge envelope (source, detail-type, detail, time) on the bus; fails on any failed entry. */
export async function putEnvelope(events: EventBridgeClient, envelope: JsonRecord, eventBusName?: string): Promise<void> {
  const { FailedEntryCount, Entries } = await events.send(
    new PutEventsCommand({
      Entries: [
        {
          Source: String(envelope.source),
          DetailType: String(envelope['detail-type']),
          Detail: JSON.stringify(envelope.detail),
          Time: new Date(String(envelope.time)),
          // A Scheduled Event names its rule here (the heartbeat's hub rule matches on it).
          ...(Array.isArray(envelope.resources) && envelope.resources.length > 0 ? { Resources: envelope.resources.map(String) } : {}),
          ...(eventBusName ? { EventBusName: eventBusName } : {}),
        },
      ],
    }),
  );
  expect({ FailedEntryCount, errors: Entries?.filter((entry) => entry.ErrorCode) }).toEqual({ FailedEntryCount: 0, errors: [] });
}
