// The relay's environment as hub-stack.ts writes it in a non-home hub region (before the handler loads).
process.env.AWS_REGION = 'eu-west-1';
process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:guards-alerts';
process.env.POWERTOOLS_SERVICE_NAME = 'hub-alarm-relay';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../handlers/hub-alarm-relay';
import { projectFixture, recordedResponse } from '../../helpers/fixtures';
import { emailView } from '../../helpers/published-alert';
import { sdkError } from '../../helpers/sdk-errors';

const sns = mockClient(SNSClient);
const alarm = projectFixture<Record<string, any>>('hub-alarm-relay/hub-function-errors-alarm.json');

beforeEach(() => {
  sns.reset();
  sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
});

describe('hub-alarm-relay', () => {
  it("publishes a non-home region's hub alarm to the home region's topic, naming the alarm, region and reason", async () => {
    const result = await handler(alarm);
    const input = emailView(sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(input.TopicArn).toBe('arn:aws:sns:us-east-1:111111111111:guards-alerts');
    expect(input.Subject).toBe('[HUB ALARM] guards-instance-quarantine-errors in eu-west-1 is in ALARM');
    expect(input.Message).toContain('Region: eu-west-1');
    expect(input.Message).toContain('Reason: Threshold Crossed: 1 out of the last 1 datapoints [2.0');
    expect(input.Message).toContain(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#alarmsV2:alarm/guards-instance-quarantine-errors',
    );
    expect(input.Message).toContain('Sent by the hub-alarm-relay guard.');
    expect(result.alarmName).toBe('guards-instance-quarantine-errors');
  });

  it('sends to SNS in the home region, not its own', async () => {
    await handler(alarm);
    expect(await sns.commandCalls(PublishCommand)[0].thisValue.config.region()).toBe('us-east-1');
  });

  it('refuses an event that is not an alarm state change, naming the field, without publishing', async () => {
    await expect(handler({ ...alarm, 'detail-type': 'AWS API Call via CloudTrail' })).rejects.toThrow(/event\.detail-type: "AWS API Call via CloudTrail"/);
    await expect(handler({ ...alarm, detail: { ...alarm.detail, alarmName: undefined } })).rejects.toThrow(/event\.detail\.alarmName: missing/);
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('fails the invocation when the home key refuses (Lambda retries, then the failure queue keeps it)', async () => {
    sns.on(PublishCommand).rejects(sdkError('sns', 'KMSAccessDeniedException', 'key access denied'));
    await expect(handler(alarm)).rejects.toThrow('key access denied');
  });
});
