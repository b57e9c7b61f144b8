/**
 * iam-change-alert's detailed alert (the cloudtrail-alert handler, as the guard deploys it) against
 * the emulator's SNS: real CloudTrail IAM calls in their EventBridge envelope go in, readable alerts
 * come out of the real alert topic, read back through an SQS subscription.
 */
import type * as CloudTrailAlert from '../../../handlers/cloudtrail-alert/index';
import { cloudTrailRecord, eventBridgeEnvelope } from '../../helpers/cloudtrail-envelopes';
import { AlertReadBack, emulatorPerSuite, emulatorTopicArn, loadWithEnvironment } from '../../helpers/emulator-handlers';

jest.setTimeout(300_000);

const alertTopicName = 'guards-alerts';
const server = emulatorPerSuite();
let handler: typeof CloudTrailAlert.handler;
let alerts: AlertReadBack;

beforeAll(() => {
  ({ handler } = loadWithEnvironment(
    {
      ...server().clientEnvironment('us-east-1'),
      ALERT_TOPIC_ARN: emulatorTopicArn(alertTopicName),
      POWERTOOLS_SERVICE_NAME: 'iam-change-alert',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    () => require('../../../handlers/cloudtrail-alert/index') as typeof CloudTrailAlert,
  ));
});

beforeEach(async () => {
  alerts = await AlertReadBack.create(alertTopicName);
});

it.each(['createuser-assumedrole.json', 'iam-change-alert/attach-user-policy-denied.json', 'iam-change-alert/create-access-key-own-user.json'])(
  'publishes one readable alert of %s to the alert topic',
  async (fixture) => {
    const record = cloudTrailRecord(fixture);
    const result = await handler(eventBridgeEnvelope(record));
    const delivered = await alerts.read();
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ Type: 'Notification', TopicArn: emulatorTopicArn(alertTopicName), Subject: result.subject });
    // The message id the handler reports is the one SNS gave the delivery.
    expect(result.messageId).toEqual(expect.any(String));
    expect(delivered[0].Message).toContain(`Event id: ${String(record.eventID)}`);
    expect(delivered[0].Message).toContain('Sent by the iam-change-alert guard.');
    expect(result.eventName).toBe(record.eventName);
  },
);

it('names the new user and who created it (the real CreateUser record)', async () => {
  await handler(eventBridgeEnvelope(cloudTrailRecord('createuser-assumedrole.json')));
  const [alert] = await alerts.read();
  expect(alert.Subject).toContain('new-user');
  expect(alert.Message).toContain('new-user');
});
