/**
 * sg-change-alert (the cloudtrail-alert handler, as the guard deploys it) against the emulator's
 * SNS: real CloudTrail security-group calls in their EventBridge envelope go in, readable alerts
 * come out of the real alert topic, read back through an SQS subscription.
 */
import type * as CloudTrailAlert from '../../../handlers/cloudtrail-alert/index';
import { cloudTrailRecord, eventBridgeEnvelope } from '../../helpers/cloudtrail-envelopes';
import { AlertReadBack, emulatorPerSuite, emulatorTopicArn, loadWithEnvironment } from '../../helpers/emulator-handlers';

jest.setTimeout(300_000);

const region = 'eu-west-1';
const alertTopicName = 'guards-alerts';
const server = emulatorPerSuite();
let handler: typeof CloudTrailAlert.handler;
let alerts: AlertReadBack;

beforeAll(() => {
  ({ handler } = loadWithEnvironment(
    {
      ...server().clientEnvironment(region),
      ALERT_TOPIC_ARN: emulatorTopicArn(alertTopicName, region),
      POWERTOOLS_SERVICE_NAME: 'sg-change-alert',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    () => require('../../../handlers/cloudtrail-alert/index') as typeof CloudTrailAlert,
  ));
});

beforeEach(async () => {
  alerts = await AlertReadBack.create(alertTopicName);
});

it('publishes the real AuthorizeSecurityGroupIngress call as a readable alert', async () => {
  const result = await handler(eventBridgeEnvelope(cloudTrailRecord('authorize-sg-ingress-console.json')));
  const delivered = await alerts.read();
  expect(delivered).toEqual([
    expect.objectContaining({
      Type: 'Notification',
      TopicArn: emulatorTopicArn(alertTopicName, region),
      Subject: 'SG sg-04f0b44316f7d2471 authorize ingress in 112233445566 us-west-2 by TestAdmin/alan',
    }),
  ]);
  expect(result.subject).toBe(delivered[0].Subject);
  expect(delivered[0].Message).toContain('Sent by the sg-change-alert guard.');
});

it.each([
  'create-security-group-terraform.json',
  'sg-change-alert/authorize-sg-ingress-failed.json',
  'sg-change-alert/modify-security-group-rules.json',
  'sg-change-alert/revoke-sg-egress-by-rule-id.json',
])('publishes one alert of %s, with its event id', async (fixture) => {
  const record = cloudTrailRecord(fixture);
  const result = await handler(eventBridgeEnvelope(record));
  const delivered = await alerts.read();
  expect(delivered.map((alert) => alert.Subject)).toEqual([result.subject]);
  expect(delivered[0].Message).toContain(`Event id: ${String(record.eventID)}`);
});

it('marks a failed change in the subject', async () => {
  await handler(eventBridgeEnvelope(cloudTrailRecord('sg-change-alert/authorize-sg-ingress-failed.json')));
  const [alert] = await alerts.read();
  expect(alert.Subject).toMatch(/^\[FAILED\]/);
});
