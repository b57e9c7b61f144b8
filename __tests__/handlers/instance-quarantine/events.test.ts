import { deflateSync, gzipSync } from 'node:zlib';
import { AdapterSettings, parseInvocation } from '../../../handlers/instance-quarantine/events';
import { projectFixture, sharedEvent } from '../../helpers/fixtures';

const settings: AdapterSettings = {
  fleetThreshold: 2,
  guardDutyMinSeverity: 7,
  ownAccountId: '111122223333',
  guardDutyGates: { act: ['UnauthorizedAccess:EC2/SSHBruteForce', 'Backdoor:EC2/*'], approval: [], notify: [] },
};
const instanceId = 'i-0123456789abcdef0';

type SnsEvent = { Records: { Sns: { Message: string } }[] };

/** The real SNS-delivered alarm, with its alarm JSON changed by `change`. */
function alarmEvent(change: (alarm: Record<string, any>) => void): SnsEvent {
  const event = sharedEvent<SnsEvent>('cloudwatch-alarm-sns-payload-single-metric.json');
  const alarm = JSON.parse(event.Records[0].Sns.Message);
  change(alarm);
  event.Records[0].Sns.Message = JSON.stringify(alarm);
  return event;
}

/** A CloudWatch Logs subscription delivery, encoded as Lambda receives it. */
function logsEvent(batch: Record<string, unknown>): { awslogs: { data: string } } {
  return { awslogs: { data: gzipSync(Buffer.from(JSON.stringify(batch))).toString('base64') } };
}

describe('parseInvocation: CloudWatch alarms through SNS', () => {
  it('rejects the real sample alarm, whose InstanceId dimension is not an instance id, naming the field', () => {
    expect(() => parseInvocation(sharedEvent('cloudwatch-alarm-sns-payload-single-metric.json'), settings)).toThrow(
      /Records\[0\]\.Sns\.Message\.Trigger: alarm EXAMPLE names no instance/,
    );
  });

  it('reads the instance from the InstanceId dimension (lower-case keys, as SNS delivers them)', () => {
    const event = alarmEvent((alarm) => (alarm.Trigger.Dimensions = [{ value: instanceId, name: 'InstanceId' }]));
    expect(parseInvocation(event, settings)).toEqual([
      {
        kind: 'quarantine',
        instanceId,
        trigger: 'alarm',
        alarmName: 'EXAMPLE',
        reason: 'alarm EXAMPLE went to ALARM',
        // Whatever a SetAlarmState caller wrote: labelled, never the guard's words.
        untrusted: [{ from: 'the alarm', label: 'reason', value: expect.stringMatching(/^Threshold Crossed/) }],
      },
    ]);
  });

  it('reads the instance from the metric name, the classic convention', () => {
    const event = alarmEvent((alarm) => {
      alarm.Trigger.MetricName = instanceId;
      alarm.Trigger.Dimensions = [];
    });
    expect(parseInvocation(event, settings)[0]).toMatchObject({ kind: 'quarantine', instanceId });
  });

  it('ignores an alarm going back to OK, and alarms of other guards', () => {
    const ok = alarmEvent((alarm) => {
      alarm.NewStateValue = 'OK';
      alarm.Trigger.Dimensions = [{ value: instanceId, name: 'InstanceId' }];
    });
    expect(parseInvocation(ok, settings)).toEqual([{ kind: 'ignore', eventKind: 'cloudwatch-alarm', reason: 'alarm EXAMPLE went to OK, not ALARM' }]);
    expect(parseInvocation(ok, { ...settings, alarmNamePrefix: 'guards-quarantine-' })[0]).toMatchObject({
      kind: 'ignore',
      reason: expect.stringContaining('not one of this guard'),
    });
  });

  it('rejects metric-math alarms, and messages that are not alarm JSON', () => {
    const math = alarmEvent((alarm) => {
      delete alarm.Trigger.MetricName;
      alarm.Trigger.Metrics = [{ Id: 'e1', Expression: 'm1 + m2' }];
    });
    expect(() => parseInvocation(math, settings)).toThrow(/uses metric math/);
    const text = sharedEvent<SnsEvent>('cloudwatch-alarm-sns-payload-single-metric.json');
    text.Records[0].Sns.Message = 'QUARANTINED i-0123 (a report, not an alarm)';
    expect(() => parseInvocation(text, settings)).toThrow('Records[0].Sns.Message: not JSON (expected a CloudWatch alarm notification)');
  });
});

describe('parseInvocation: CloudWatch Logs subscription (fleet)', () => {
  it('rejects the real sample batch, whose stream is not named after an instance', () => {
    expect(() => parseInvocation(sharedEvent('cloudwatch-logs-event.json'), settings)).toThrow(
      /awslogs\.data\.logStream: "testLogStream" is not an instance id/,
    );
  });

  const batch = {
    messageType: 'DATA_MESSAGE',
    owner: '111122223333',
    logGroup: '/guards/instance-quarantine/application',
    logStream: instanceId,
    subscriptionFilters: ['guards-instance-quarantine-fleet'],
    logEvents: [
      { id: '1', timestamp: 1, message: '10.0.0.1 - - "GET /admin" 401' },
      { id: '2', timestamp: 2, message: '10.0.0.1 - - "GET /admin" 401' },
    ],
  };

  it("quarantines the stream's instance at the threshold of matching lines", () => {
    expect(parseInvocation(logsEvent(batch), settings)).toEqual([
      { kind: 'quarantine', instanceId, trigger: 'fleet', reason: expect.stringContaining('2 lines matching') },
    ]);
  });

  it('ignores a batch below the threshold, and control messages', () => {
    expect(parseInvocation(logsEvent({ ...batch, logEvents: batch.logEvents.slice(1) }), settings)[0]).toMatchObject({
      kind: 'ignore',
      reason: expect.stringContaining('below the threshold of 2'),
    });
    expect(parseInvocation(logsEvent({ ...batch, messageType: 'CONTROL_MESSAGE' }), settings)[0]).toMatchObject({ kind: 'ignore' });
  });

  it('reads a zlib payload like a gzip one (the decoder the sign-in alert shares)', () => {
    const zlibEvent = { awslogs: { data: deflateSync(Buffer.from(JSON.stringify(batch))).toString('base64') } };
    expect(parseInvocation(zlibEvent, settings)).toEqual(parseInvocation(logsEvent(batch), settings));
    expect(parseInvocation(zlibEvent, settings)[0]).toMatchObject({ kind: 'quarantine', instanceId, trigger: 'fleet' });
  });

  it('rejects data that is neither gzip nor zlib JSON', () => {
    expect(() => parseInvocation({ awslogs: { data: 'bm90IGd6aXA=' } }, settings)).toThrow('awslogs.data: neither gzip nor zlib data');
  });
});

describe('parseInvocation: GuardDuty findings', () => {
  const finding = projectFixture<Record<string, any>>('instance-quarantine/guardduty-ssh-brute-force.json');

  it('quarantines the instance of a finding at or above the minimum severity', () => {
    expect(parseInvocation(finding, settings)).toEqual([
      {
        kind: 'quarantine',
        instanceId,
        trigger: 'guardduty',
        reason: 'GuardDuty UnauthorizedAccess:EC2/SSHBruteForce (severity 8, finding 16afba5c5c43e07c9e3e5e2e544e95df)',
        // The finding names the account and region it is about (on a delegated administrator's bus, a member's).
        target: { accountId: '111122223333', region: 'us-west-1' },
        eventId: '16afba5c5c43e07c9e3e5e2e544e95df',
      },
    ]);
  });

  it("on the function's own bus (a delegated administrator's), takes the member account and region from the finding", () => {
    const onAdminBus = {
      ...finding,
      account: '111122223333',
      region: 'us-east-1',
      detail: { ...finding.detail, accountId: '222222222222', region: 'eu-west-1' },
    };
    expect(parseInvocation(onAdminBus, settings)[0]).toMatchObject({ target: { accountId: '222222222222', region: 'eu-west-1' } });
  });

  it('ignores low-severity findings and findings about other resources', () => {
    expect(parseInvocation({ ...finding, detail: { ...finding.detail, severity: 5 } }, settings)[0]).toMatchObject({
      kind: 'ignore',
      reason: expect.stringContaining('severity 5'),
    });
    expect(parseInvocation({ ...finding, detail: { ...finding.detail, resource: { resourceType: 'AccessKey' } } }, settings)[0]).toMatchObject({
      kind: 'ignore',
    });
  });
});

describe('parseInvocation: manual invocations and the rest', () => {
  it('reads quarantine requests, with an optional dry run', () => {
    expect(parseInvocation({ action: 'quarantine', instanceId, dryRun: true }, settings)).toEqual([
      { kind: 'quarantine', instanceId, trigger: 'manual', reason: 'manual quarantine', dryRun: true },
    ]);
    expect(parseInvocation({ action: 'quarantine', instanceId }, settings)).toEqual([
      { kind: 'quarantine', instanceId, trigger: 'manual', reason: 'manual quarantine' },
    ]);
  });

  it.each([
    [null, 'event: not a JSON object'],
    ['{"action": "release"}', 'event: not a JSON object'],
    [{ action: 'reboot', instanceId }, 'action: "reboot" is not quarantine'],
    [{ action: 'release', instanceId }, 'action: release is done by the release function'],
    [{ action: 'quarantine', instanceId, dryRun: 'yes' }, 'dryRun: must be true or false'],
    [sharedEvent('eventbridge-cloudtrail-envelope.json'), 'event: not a recognised invocation'],
  ])('rejects %j', (event, message) => {
    expect(() => parseInvocation(event, settings)).toThrow(message);
  });
});

describe('parseInvocation: hub mode (forwarded alarm state changes, manual invocations naming a member)', () => {
  const forwarded = projectFixture<Record<string, any>>('instance-quarantine/alarm-state-change-forwarded.json');
  const hubSettings: AdapterSettings = { ...settings, alarmNamePrefix: 'guards-quarantine-' };

  it('reads the member, the instance and the alarm to check from a forwarded alarm state change', () => {
    expect(parseInvocation(forwarded, hubSettings)).toEqual([
      {
        kind: 'quarantine',
        instanceId: 'i-00fe7967fb7167c62',
        trigger: 'alarm',
        reason: 'alarm guards-quarantine-i-00fe7967fb7167c62 went to ALARM',
        untrusted: [{ from: 'the alarm', label: 'reason', value: expect.stringMatching(/^Threshold Crossed/) }],
        // The handler asks the member's CloudWatch whether this alarm really is in ALARM.
        alarmName: 'guards-quarantine-i-00fe7967fb7167c62',
        target: { accountId: '222222222222', region: 'eu-west-1' },
        eventId: 'c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
      },
    ]);
  });

  it('ignores another alarm or a state other than ALARM, and rejects an event with a malformed account', () => {
    expect(parseInvocation({ ...forwarded, detail: { ...forwarded.detail, alarmName: 'other-alarm' } }, hubSettings)[0]).toMatchObject({ kind: 'ignore' });
    expect(parseInvocation({ ...forwarded, detail: { ...forwarded.detail, state: { value: 'OK' } } }, hubSettings)[0]).toMatchObject({ kind: 'ignore' });
    expect(() => parseInvocation({ ...forwarded, account: 'x' }, hubSettings)).toThrow('event.account: not a 12-digit account id');
  });

  it('takes accountId and region of a manual invocation as the member, naming the field when one is wrong', () => {
    expect(parseInvocation({ action: 'quarantine', instanceId, accountId: '222222222222', region: 'eu-west-1' }, settings)[0]).toMatchObject({
      target: { accountId: '222222222222', region: 'eu-west-1' },
    });
    expect(parseInvocation({ action: 'quarantine', instanceId }, settings)[0]).not.toHaveProperty('target');
    expect(() => parseInvocation({ action: 'quarantine', instanceId, accountId: '222222222222' }, settings)).toThrow('manual.region: not an AWS region');
  });
});
