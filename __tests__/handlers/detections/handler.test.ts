import './test-env';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../handlers/detections';
import { eventBridgeEnvelope } from '../../helpers/cloudtrail-envelopes';
import { fixtureRecords } from '../../helpers/detection-coverage';
import { recordedResponse } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';
import { emailView } from '../../helpers/published-alert';
import { useMemberDirectoryOnMoto } from '../../helpers/member-directory';

const sns = mockClient(SNSClient);
// Hub mode's member directory, on a moto server, for the tests that write one.
const directory = useMemberDirectoryOnMoto();
const shareAmi = () => eventBridgeEnvelope(fixtureRecords('stratus', 'aws.exfiltration.ec2-share-ami')[0]);

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
  process.env.DETECTION_ALLOW_LIST = '[]';
});

describe('detections handler', () => {
  it('publishes one readable alert of a delivered call to the alert topic', async () => {
    const result = await handler({ ruleIndex: 0, event: shareAmi() });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    const input = emailView(sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(input.TopicArn).toBe('arn:aws:sns:us-east-1:123456789012:guards-alerts');
    expect(input.Subject).toBe('[HIGH][OUTSIDE ACCOUNT] AMI shared in 123456789012 us-east-1 by ops-admin/mallory-session');
    expect(input.Message).toContain('Caller ARN: arn:aws:sts::123456789012:assumed-role/ops-admin/mallory-session');
    expect(input.Message).toContain('Sent by the detections guard.');
    expect(result).toEqual(
      expect.objectContaining({ detection: 'ami-sharing', subject: input.Subject, messageId: '7fff18d3-f10e-569a-8d7e-44de5f629ed6', skipped: undefined }),
    );
  });

  it('in hub mode names the member account by id and name first', async () => {
    await directory.write({ '123456789012': 'workloads-prod' });
    await handler({ ruleIndex: 0, event: shareAmi() });
    const input = emailView(sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(input.Message).toMatch(/Account: 123456789012 \(workloads-prod\)/);
    expect(input.Subject).toBe('[HIGH][OUTSIDE ACCOUNT] AMI shared in 123456789012 us-east-1 by ops-admin/mallory-session');
  });

  it('in hub mode marks a call of an account the hub does not serve', async () => {
    await directory.write({ '210987654321': 'workloads-prod' });
    await handler({ ruleIndex: 0, event: shareAmi() });
    const input = emailView(sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(input.Subject).toContain('[UNKNOWN ACCOUNT]');
    expect(input.Message).toContain('123456789012 (not an account this hub serves)');
  });

  it('publishes nothing for a call of the allow-list, and says why', async () => {
    process.env.DETECTION_ALLOW_LIST = JSON.stringify([{ detection: 'ami-sharing', principalArns: ['arn:aws:sts::123456789012:assumed-role/ops-admin/*'] }]);
    const result = await handler(shareAmi());
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 0);
    expect(result.skipped).toBe("ami-sharing: allowed by the config's allowList");
  });

  it('fails the invocation when SNS refuses, so EventBridge retries and the failure queue keeps the event', async () => {
    sns.on(PublishCommand).rejects(sdkError('sns', 'KMSAccessDeniedException', 'key access denied'));
    await expect(handler(shareAmi())).rejects.toThrow('key access denied');
  });

  it('fails on an allow-list it cannot read, naming the variable', async () => {
    process.env.DETECTION_ALLOW_LIST = '[{"detection": 3}]';
    await expect(handler(shareAmi())).rejects.toThrow(
      'DETECTION_ALLOW_LIST environment variable must be a JSON list of {detection, principalArns?, accounts?, invokedBy?}',
    );
  });
});
