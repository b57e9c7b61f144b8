/**
 * Running a handler in process against this suite's moto server: one server per test file, reset
 * after every test, the handler module loaded after its environment is set (its SDK clients are
 * created at module load and read the endpoint, region and credentials then), and the alert topic
 * read back through an SQS subscription.
 */
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { MotoServer } from './moto-server';

/** Waits (at most a minute) until the stopped server no longer answers, so no test run ends with it still running. */
async function untilStopped(endpoint: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    try {
      await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(1000) });
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The account moto answers as when no role is assumed. */
export const emulatorAccountId = '123456789012';

/**
 * Starts this file's moto server before its tests, resets it after each (unless `resetAfterEach`
 * is false: for a file whose tests share set-up and leave nothing behind) and stops it at the end;
 * returns a getter for the running server.
 */
export function emulatorPerSuite(options: { readonly resetAfterEach?: boolean } = {}): () => MotoServer {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await MotoServer.start();
  });
  afterEach(async () => {
    if (options.resetAfterEach !== false) await server?.reset();
  });
  afterAll(async () => {
    if (!server) return;
    server.stop();
    await untilStopped(server.endpoint);
  });
  return () => {
    if (!server) throw new Error('the moto server of this suite is not running (beforeAll failed?)');
    return server;
  };
}

/**
 * Sets `environment` on `process.env` and loads a module fresh (its own module registry), so that
 * clients created at module load see the emulator. `load` is a `require` of the handler.
 *
 * @example
 * const { handler } = loadWithEnvironment({ ...server.clientEnvironment(), ALERT_TOPIC_ARN: arn }, () => require('../../../handlers/signin-alert/index'));
 */
export function loadWithEnvironment<T>(environment: Readonly<Record<string, string>>, load: () => T): T {
  Object.assign(process.env, environment);
  let loaded: T | undefined;
  jest.isolateModules(() => {
    loaded = load();
  });
  if (loaded === undefined) throw new Error('loadWithEnvironment: the module loaded as undefined');
  return loaded;
}

/** The topic ARN moto gives a topic of this name in the default account. */
export function emulatorTopicArn(name: string, region = 'us-east-1'): string {
  return `arn:aws:sns:${region}:${emulatorAccountId}:${name}`;
}

/** The ARN IAM (and the emulator) gives a customer managed policy of this name in the default account (path `/`). */
export function emulatorManagedPolicyArn(name: string): string {
  return `arn:aws:iam::${emulatorAccountId}:policy/${name}`;
}

/** One notification as SNS delivers it to an SQS queue without raw delivery (the SNS envelope). */
export interface SnsNotification {
  readonly Type: string;
  readonly TopicArn: string;
  readonly Subject?: string;
  readonly Message: string;
}

/** A topic and an SQS queue subscribed to it, through which the test reads what a handler published. */
export class AlertReadBack {
  private constructor(
    readonly topicArn: string,
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** Creates the topic `topicName` (ARN as {@link emulatorTopicArn}) and a queue subscribed to it. */
  static async create(topicName: string): Promise<AlertReadBack> {
    const sns = new SNSClient({});
    const sqs = new SQSClient({});
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: topicName }));
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${topicName}-read-back` }));
    if (!TopicArn || !QueueUrl) throw new Error(`the emulator did not create topic or queue for ${topicName}`);
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }));
    // Raw delivery stays off: the queue receives the SNS envelope, with the Subject the handler set.
    await sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
    return new AlertReadBack(TopicArn, sqs, QueueUrl);
  }

  /** Every notification delivered since the last read, oldest first; removes them from the queue. */
  async read(): Promise<SnsNotification[]> {
    const notifications: SnsNotification[] = [];
    for (;;) {
      const { Messages } = await this.sqs.send(new ReceiveMessageCommand({ QueueUrl: this.queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }));
      if (!Messages || Messages.length === 0) return notifications;
      notifications.push(...Messages.map((message) => JSON.parse(message.Body ?? '{}') as SnsNotification));
      await this.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: Messages.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle })),
        }),
      );
    }
  }
}
