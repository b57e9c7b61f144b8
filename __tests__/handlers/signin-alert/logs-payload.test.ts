import { gzipSync } from 'node:zlib';
import { InvalidEventError } from '../../../handlers/common/errors';
import { inflatePayload } from '../../../handlers/common/logs-subscription-data';
import { parseLogsDelivery } from '../../../handlers/signin-alert/logs-payload';
import { cloudTrailRecord, logsSubscriptionEvent } from '../../helpers/cloudtrail-envelopes';
import { sharedEvent } from '../../helpers/fixtures';

const signIns = ['consolelogin-iam-user-success-mfa.json', 'consolelogin-root-success-no-mfa.json'].map(cloudTrailRecord);

function eventOf(payload: unknown): { awslogs: { data: string } } {
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(payload))).toString('base64') } };
}

describe('parseLogsDelivery (CloudWatch Logs subscription adapter)', () => {
  it.each(['gzip', 'zlib'] as const)('reads every CloudTrail record of a %s payload, in order', (compression) => {
    const delivery = parseLogsDelivery(logsSubscriptionEvent(signIns, compression));
    expect(delivery.kind).toBe('records');
    if (delivery.kind !== 'records') return;
    expect(delivery.logGroup).toBe('/guards/cloudtrail');
    expect(delivery.records.map((record) => [record.eventId, record.eventName, record.userIdentity.type])).toEqual([
      ['fed06f42-cb12-4764-8c69-121063dc79b9', 'ConsoleLogin', 'IAMUser'],
      ['deb1e1f9-c99b-4612-8e9f-21f93b5d79c0', 'ConsoleLogin', 'Root'],
    ]);
  });

  it('tells gzip and zlib apart by their header bytes and refuses anything else', () => {
    expect(inflatePayload(gzipSync(Buffer.from('x'))).toString()).toBe('x');
    expect(() => inflatePayload(Buffer.from('plain text'))).toThrow('awslogs.data: neither gzip nor zlib data');
  });

  it('ignores the control message CloudWatch Logs sends when the subscription is created', () => {
    const delivery = parseLogsDelivery(logsSubscriptionEvent([], 'gzip', { messageType: 'CONTROL_MESSAGE', logGroup: '' }));
    expect(delivery.kind).toBe('control');
  });

  it('refuses the real plain-text log delivery (not CloudTrail records), naming the log event', () => {
    expect(() => parseLogsDelivery(sharedEvent('cloudwatch-logs-event.json'))).toThrow(
      new InvalidEventError('awslogs.data.logEvents[0].message: not JSON (expected a CloudTrail record)', 'cloudwatch-logs'),
    );
  });

  it.each([
    [{}, 'awslogs.data: missing'],
    [{ awslogs: { data: Buffer.from('{}').toString('base64') } }, 'awslogs.data: neither gzip nor zlib data'],
    [eventOf({ messageType: 'DATA_MESSAGE' }), 'awslogs.data.logEvents: missing'],
    [eventOf({ messageType: 'OTHER', logEvents: [] }), 'awslogs.data.messageType: "OTHER", expected DATA_MESSAGE'],
    [eventOf({ messageType: 'DATA_MESSAGE', logEvents: [{ id: '1' }] }), 'awslogs.data.logEvents[0].message: missing'],
    [
      eventOf({ messageType: 'DATA_MESSAGE', logEvents: [{ message: '{"eventSource":"signin.amazonaws.com"}' }] }),
      'awslogs.data.logEvents[0].message.eventName: missing',
    ],
    [{ awslogs: { data: gzipSync(Buffer.from('not json')).toString('base64') } }, 'awslogs.data: not a compressed JSON payload'],
  ])('rejects malformed input with the field: %#', (event, message) => {
    expect(() => parseLogsDelivery(event)).toThrow(InvalidEventError);
    expect(() => parseLogsDelivery(event)).toThrow(message);
  });
});
