import './test-env';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../handlers/cloudtrail-alert';
import { InvalidEventError } from '../../../handlers/common/errors';
import { cloudTrailRecord, eventBridgeEnvelope } from '../../helpers/cloudtrail-envelopes';
import { recordedResponse } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';
import { emailView } from '../../helpers/published-alert';
import { useMemberDirectoryOnMoto } from '../../helpers/member-directory';

const sns = mockClient(SNSClient);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
});

describe('cloudtrail-alert handler', () => {
  it('publishes one readable alert of the EventBridge CloudTrail event to the alert topic', async () => {
    const result = await handler(eventBridgeEnvelope(cloudTrailRecord('authorize-sg-ingress-console.json')));
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = emailView(sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(input.TopicArn).toBe('arn:aws:sns:eu-west-1:111122223333:guards-alerts');
    expect(input.Subject).toBe('SG sg-04f0b44316f7d2471 authorize ingress in 112233445566 us-west-2 by TestAdmin/alan');
    expect(input.Message).toContain('Sent by the sg-change-alert guard.');
    expect(result).toEqual({
      eventId: '504b492f-7832-406b-a4fd-45a13e48adc4',
      eventName: 'AuthorizeSecurityGroupIngress',
      subject: input.Subject,
      messageId: '7fff18d3-f10e-569a-8d7e-44de5f629ed6',
    });
  });

  it('refuses an event that is not a CloudTrail API call, publishing nothing', async () => {
    const signIn = eventBridgeEnvelope(cloudTrailRecord('consolelogin-root-success-no-mfa.json'));
    await expect(handler(signIn)).rejects.toThrow(InvalidEventError);
    await expect(handler(signIn)).rejects.toThrow('event.detail-type: "AWS Console Sign In via CloudTrail", expected "AWS API Call via CloudTrail"');
    await expect(handler({ 'detail-type': 'AWS API Call via CloudTrail', detail: { eventName: 'X' } })).rejects.toThrow('detail.eventSource: missing');
    await expect(handler('text')).rejects.toThrow('event: not a JSON object');
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it('fails the invocation when SNS refuses, so EventBridge retries and the failure queue keeps the event', async () => {
    sns.on(PublishCommand).rejects(sdkError('sns', 'KMSAccessDeniedException', 'key access denied'));
    await expect(handler(eventBridgeEnvelope(cloudTrailRecord('createuser-assumedrole.json')))).rejects.toThrow('key access denied');
  });
});

describe('cloudtrail-alert handler in hub mode (one function for the organization)', () => {
  const directory = useMemberDirectoryOnMoto();

  it('names the member account by id and name first in the alert', async () => {
    await directory.write({ '112233445566': 'production' });
    await handler(eventBridgeEnvelope(cloudTrailRecord('authorize-sg-ingress-console.json')));
    const input = emailView(sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(input.Message).toMatch(/\n\nAccount: 112233445566 \(production\)\n/);
    expect(input.Subject).not.toContain('UNKNOWN ACCOUNT');
  });

  it('marks an event of an account the hub does not serve', async () => {
    await directory.write({ '222222222222': 'production' });
    await handler(eventBridgeEnvelope(cloudTrailRecord('authorize-sg-ingress-console.json')));
    const input = emailView(sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(input.Subject).toMatch(/^\[UNKNOWN ACCOUNT\] /);
    expect(input.Message).toContain('Account: 112233445566 (not an account this hub serves)');
  });

  it('fails the invocation without alerting when its member directory cannot be read (the event reaches the failure queue)', async () => {
    await directory.write({ '112233445566': 'production' });
    process.env.MEMBER_DIRECTORY_VERSION_ID = 'nhaBSlLdx0Ew5OUEZr0rMBLBJGYTqBS8';
    await expect(handler(eventBridgeEnvelope(cloudTrailRecord('authorize-sg-ingress-console.json')))).rejects.toThrow(
      /^cannot read the hub's member directory s3:\/\/.*\/member-directory\.json \(version nhaBSlLdx0Ew5OUEZr0rMBLBJGYTqBS8/,
    );
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
  });
});
