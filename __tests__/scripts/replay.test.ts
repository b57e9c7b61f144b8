import * as path from 'node:path';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { UnreadableEventError, formatReplay, replayEvent } from '../../scripts/replay/replay-event';
import { projectFixture, sharedEvent } from '../helpers/fixtures';
import { repoRoot } from '../helpers/synth';

const config = loadGuardsConfig(path.join(repoRoot, 'examples/single-account.yaml'));

describe('npm run replay: one event against the example config', () => {
  it('a CloudTrail security-group change: the sg-change-alert rule, and the alert the function would send', () => {
    const result = replayEvent(config, sharedEvent('authorize-sg-ingress-console.json'));
    expect(result.kind).toBe('cloudtrail');
    expect(result.matches.map((match) => [match.stack, match.mode, match.rule, match.functionName])).toEqual([
      ['sandbox-us-east-1', 'standalone', 'guards-sg-changes', 'guards-sg-change-alert'],
    ]);
    expect(result.matches[0].alert).toMatchObject({ subject: 'SG sg-04f0b44316f7d2471 authorize ingress in 112233445566 us-west-2 by TestAdmin/alan' });
    expect(formatReplay(result)).toContain('Sent by the sg-change-alert guard.');
  });

  it('a CloudTrail StopLogging (Stratus record): the detections rule and its alert', () => {
    const result = replayEvent(config, projectFixture('detections/stratus/aws.defense-evasion.cloudtrail-stop.json'));
    const detections = result.matches.filter((match) => match.functionName === 'guards-detections');
    expect(detections).toHaveLength(1);
    expect(detections[0].alert).toMatchObject({
      subject: expect.stringMatching(/^\[HIGH\]\[LOGGING OFF\] CloudTrail trail stopped/),
      message: expect.stringContaining('called StopLogging on trail audit-trail'),
    });
  });

  it('an EventBridge GuardDuty finding: the quarantine rule, whose alert needs AWS', () => {
    const result = replayEvent(config, projectFixture('instance-quarantine/guardduty-ssh-brute-force.json'));
    expect(result.matches.map((match) => [match.rule, match.functionName])).toEqual([['guards-instance-quarantine-guardduty', 'guards-instance-quarantine']]);
    expect(result.matches[0].alert).toEqual({ notPreviewed: expect.stringContaining('cannot be told without AWS') });
  });

  it('refuses an event it cannot read, saying what it expected', () => {
    expect(() => replayEvent(config, { hello: 'world' })).toThrow(UnreadableEventError);
    expect(() => replayEvent(config, { hello: 'world' })).toThrow(/^event: not a CloudTrail record \(eventName, eventSource\), an EventBridge event/);
    expect(() => replayEvent(config, { 'detail-type': 'x', source: 'aws.ec2' })).toThrow('event.detail: missing or not an object');
    expect(() => replayEvent(config, [1, 2])).toThrow('event: a list of 2 events; replay one at a time');
  });
});
