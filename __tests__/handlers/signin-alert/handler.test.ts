import './test-env';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../handlers/signin-alert';
import { cloudTrailRecord, logsSubscriptionEvent } from '../../helpers/cloudtrail-envelopes';
import { recordedResponse } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';
import { emailView } from '../../helpers/published-alert';

const sns = mockClient(SNSClient);
const topicArn = 'arn:aws:sns:us-east-1:111122223333:guards-alerts';
const records = [
  'consolelogin-iam-user-success-mfa.json',
  'signin-alert/switchrole.json',
  'consolelogin-root-success-no-mfa.json',
  'consolelogin-iam-user-failure.json',
].map(cloudTrailRecord);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
  process.env.RISKY_SIGN_INS_ONLY = 'false';
});

describe('signin-alert handler', () => {
  it.each(['gzip', 'zlib'] as const)('publishes one alert per sign-in of a %s delivery, in order, to the alert topic', async (compression) => {
    const result = await handler(logsSubscriptionEvent(records, compression));
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 3);
    const subjects = sns.commandCalls(PublishCommand).map((call) => call.args[0].input.Subject);
    expect(subjects).toEqual([
      'Console sign-in by anaya in 111122223333 from 192.0.2.0',
      '[ROOT][NO MFA] Console sign-in by root in 111122223333 from 192.0.2.0',
      '[FAILED] Console sign-in failed for anaya in 111122223333 from 192.0.2.0',
    ]);
    for (const call of sns.commandCalls(PublishCommand)) {
      expect(call.args[0].input.TopicArn).toBe(topicArn);
      expect(emailView(call.args[0].input).Message).toMatch(/^.+\n\nWho: /);
    }
    expect(result.skipped).toEqual([{ eventId: '0a1b2c3d-4444-4a4a-8b8b-000000000004', reason: 'SwitchRole is not a console sign-in' }]);
  });

  it('with RISKY_SIGN_INS_ONLY, publishes only the root and failed sign-ins', async () => {
    process.env.RISKY_SIGN_INS_ONLY = 'true';
    const result = await handler(logsSubscriptionEvent(records, 'gzip'));
    expect(result.alerted.map((alert) => alert.eventId)).toEqual(['deb1e1f9-c99b-4612-8e9f-21f93b5d79c0', 'd38ce1b3-4575-4cb8-a632-611b8243bfc3']);
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it('publishes nothing for the control message', async () => {
    await expect(handler(logsSubscriptionEvent([], 'gzip', { messageType: 'CONTROL_MESSAGE' }))).resolves.toEqual({ alerted: [], skipped: [] });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('publishes nothing of a batch with a malformed record, and fails so that the batch is retried and kept', async () => {
    await expect(handler(logsSubscriptionEvent([records[0], '{"not": "cloudtrail"}'], 'gzip'))).rejects.toThrow(
      'awslogs.data.logEvents[1].message.eventName: missing',
    );
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('fails the invocation when SNS refuses, so the delivery is retried and then kept in the failure queue', async () => {
    sns.on(PublishCommand).rejects(sdkError('sns', 'AuthorizationErrorException', 'not authorized to publish'));
    await expect(handler(logsSubscriptionEvent(records, 'gzip'))).rejects.toThrow('not authorized to publish');
  });

  it('refuses a bad RISKY_SIGN_INS_ONLY value, naming the variable', async () => {
    process.env.RISKY_SIGN_INS_ONLY = 'yes';
    await expect(handler(logsSubscriptionEvent(records, 'gzip'))).rejects.toThrow('RISKY_SIGN_INS_ONLY environment variable must be "true" or "false"');
  });
});
