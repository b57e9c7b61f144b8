/**
 * signin-alert against the emulator's SNS: the real console sign-in records in a CloudWatch Logs
 * delivery go in, readable alerts come out of the real alert topic, read back through an SQS
 * subscription (SNS envelope, raw delivery off).
 */
import type * as SigninAlert from '../../../handlers/signin-alert/index';
import { cloudTrailRecord, logsSubscriptionEvent } from '../../helpers/cloudtrail-envelopes';
import { AlertReadBack, emulatorPerSuite, emulatorTopicArn, loadWithEnvironment } from '../../helpers/emulator-handlers';

jest.setTimeout(300_000);

const alertTopicName = 'guards-alerts';
const records = [
  'consolelogin-iam-user-success-mfa.json',
  'signin-alert/switchrole.json',
  'consolelogin-root-success-no-mfa.json',
  'consolelogin-iam-user-failure.json',
  'signin-alert/consolelogin-sso-success.json',
].map(cloudTrailRecord);

const server = emulatorPerSuite();
let handler: typeof SigninAlert.handler;
let alerts: AlertReadBack;

beforeAll(() => {
  ({ handler } = loadWithEnvironment(
    {
      ...server().clientEnvironment('us-east-1'),
      ALERT_TOPIC_ARN: emulatorTopicArn(alertTopicName),
      RISKY_SIGN_INS_ONLY: 'false',
      POWERTOOLS_SERVICE_NAME: 'signin-alert',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    () => require('../../../handlers/signin-alert/index') as typeof SigninAlert,
  ));
});

beforeEach(async () => {
  alerts = await AlertReadBack.create(alertTopicName);
});

afterEach(() => {
  process.env.RISKY_SIGN_INS_ONLY = 'false';
});

it('publishes one alert per console sign-in, in log order, to the alert topic', async () => {
  const result = await handler(logsSubscriptionEvent(records, 'gzip'));
  const delivered = await alerts.read();
  expect(delivered.map((alert) => alert.Subject)).toEqual(result.alerted.map((alert) => alert.subject));
  expect(delivered.map((alert) => alert.Subject)).toEqual([
    'Console sign-in by anaya in 111122223333 from 192.0.2.0',
    '[ROOT][NO MFA] Console sign-in by root in 111122223333 from 192.0.2.0',
    '[FAILED] Console sign-in failed for anaya in 111122223333 from 192.0.2.0',
    expect.stringMatching(/^Console sign-in by .+/),
  ]);
  for (const alert of delivered) {
    expect(alert).toMatchObject({ Type: 'Notification', TopicArn: emulatorTopicArn(alertTopicName) });
    expect(alert.Message).toMatch(/\n\nWho: /);
    expect(alert.Message).toContain('Sent by the signin-alert guard.');
  }
  expect(result.skipped.map((skip) => skip.reason)).toEqual(['SwitchRole is not a console sign-in']);
});

it('with RISKY_SIGN_INS_ONLY publishes only the root and the failed sign-in', async () => {
  process.env.RISKY_SIGN_INS_ONLY = 'true';
  await handler(logsSubscriptionEvent(records, 'zlib'));
  expect((await alerts.read()).map((alert) => alert.Subject)).toEqual([
    '[ROOT][NO MFA] Console sign-in by root in 111122223333 from 192.0.2.0',
    '[FAILED] Console sign-in failed for anaya in 111122223333 from 192.0.2.0',
  ]);
});

it('fails when the alert topic does not exist, so Lambda retries and keeps the delivery', async () => {
  process.env.ALERT_TOPIC_ARN = emulatorTopicArn('no-such-topic');
  try {
    await expect(handler(logsSubscriptionEvent(records, 'gzip'))).rejects.toMatchObject({ name: 'NotFoundException' });
  } finally {
    process.env.ALERT_TOPIC_ARN = emulatorTopicArn(alertTopicName);
  }
  expect(await alerts.read()).toEqual([]);
});
