// The hub's tamper-alert function's environment, as hub-stack.ts sets it (before the handler loads).
process.env.AWS_REGION = 'us-east-1';
process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:guards-alerts';
process.env.POWERTOOLS_SERVICE_NAME = 'hub-tamper-alert';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../handlers/cloudtrail-alert';
import { withTamperMarker } from '../../../handlers/cloudtrail-alert/tamper-marker';
import { cloudTrailRecord, eventBridgeEnvelope } from '../../helpers/cloudtrail-envelopes';
import { recordedResponse } from '../../helpers/fixtures';
import { emailView } from '../../helpers/published-alert';
import { useMemberDirectoryOnMoto } from '../../helpers/member-directory';

const sns = mockClient(SNSClient);
// The hub's member directory, on a moto server, as the hub stack writes it.
const directory = useMemberDirectoryOnMoto();

beforeEach(async () => {
  await directory.write({ '111111111111': 'security-tooling', '222222222222': 'production' });
  sns.reset();
  sns.on(PublishCommand).resolves(recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
});

const published = () => emailView(sns.commandCalls(PublishCommand)[0].args[0].input);

describe('cloudtrail-alert as the hub tamper alert', () => {
  it('names the tampering, the member account by id and name, the region and the call', async () => {
    await handler(eventBridgeEnvelope(cloudTrailRecord('hub/stop-organization-trail.json')));
    const input = published();
    expect(input.TopicArn).toBe('arn:aws:sns:us-east-1:111111111111:guards-alerts');
    expect(input.Subject).toMatch(/^\[GUARD TAMPERING\]\[FAILED\] StopLogging in 222222222222 eu-west-1 by /);
    expect(input.Message).toContain("A security guard's own resource was changed");
    expect(input.Message).toContain('222222222222 (production)');
    expect(input.Message).toContain('Sent by the hub-tamper-alert guard.');
  });

  it('marks a guard policy replaced through a new default version', async () => {
    await handler(eventBridgeEnvelope(cloudTrailRecord('hub/create-policy-version-on-deny.json')));
    expect(published().Subject).toMatch(/^\[GUARD TAMPERING\]/);
    expect(published().Message).toContain('guards-quarantine-revoke-instance-sessions-us-east-1');
    expect(published().Message).toContain('222222222222 (production)');
  });

  it('leaves the alerts of the other guards unmarked', () => {
    const content = { markers: ['FAILED'], title: 't', summary: 's', facts: [], links: [], eventId: undefined, guardName: 'sg-change-alert' };
    expect(withTamperMarker(content, 'sg-change-alert')).toBe(content);
    expect(withTamperMarker(content, 'hub-tamper-alert').markers).toEqual(['GUARD TAMPERING', 'FAILED']);
  });
});
