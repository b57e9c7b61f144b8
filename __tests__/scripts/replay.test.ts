import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { UnreadableEventError, formatReplay, replayEvent } from '../../scripts/replay/replay-event';
import { runReplay } from '../../scripts/replay/replay-command';
import { projectFixture, sharedEvent, sharedFixturesDir } from '../helpers/fixtures';
import { repoRoot } from '../helpers/synth';

const config = loadGuardsConfig(path.join(repoRoot, 'examples/single-account.yaml'));
const organization = loadGuardsConfig(path.join(repoRoot, 'examples/organization.yaml'));
const where = (result: ReturnType<typeof replayEvent>) => result.matches.map((match) => [match.stack, match.mode, match.via, match.rule, match.functionName]);

describe('npm run replay: one event against the example config', () => {
  it('a CloudTrail security-group change: the sg-change-alert rule, and the alert the function would send', () => {
    const result = replayEvent(config, sharedEvent('authorize-sg-ingress-console.json'));
    expect(result.kind).toBe('cloudtrail');
    expect(where(result)).toEqual([['sandbox-us-east-1', 'standalone', 'rule', 'guards-sg-changes', 'guards-sg-change-alert']]);
    expect(result.matches[0].preview).toMatchObject({
      kind: 'alert',
      alert: { subject: 'SG sg-04f0b44316f7d2471 authorize ingress in 112233445566 us-west-2 by TestAdmin/alan' },
    });
    expect(formatReplay(result)).toContain('Sent by the sg-change-alert guard.');
  });

  it('a CloudTrail StopLogging (Stratus record): the detections rule and its alert', () => {
    const result = replayEvent(config, projectFixture('detections/stratus/aws.defense-evasion.cloudtrail-stop.json'));
    const detections = result.matches.filter((match) => match.functionName === 'guards-detections');
    expect(detections).toHaveLength(1);
    expect(detections[0].preview).toMatchObject({
      kind: 'alert',
      alert: {
        subject: expect.stringMatching(/^\[HIGH\]\[LOGGING OFF\] CloudTrail trail stopped/),
        message: expect.stringContaining('called StopLogging on trail audit-trail'),
      },
    });
  });

  it('instance-quarantine, GuardDuty finding: the quarantine rule, and what its gates decide', () => {
    const result = replayEvent(config, projectFixture('instance-quarantine/guardduty-ssh-brute-force.json'));
    expect(where(result)).toEqual([['sandbox-us-east-1', 'standalone', 'rule', 'guards-instance-quarantine-guardduty', 'guards-instance-quarantine']]);
    expect(result.matches[0].preview).toEqual({
      kind: 'action',
      action: expect.stringMatching(/^would record instance i-0123456789abcdef0 in account 111122223333, us-west-1 as awaiting approval and ask a person/),
    });
  });

  it("instance-quarantine, CloudWatch alarm by SNS (standalone): the alarm's topic subscription, and the quarantine it asks for", () => {
    const result = replayEvent(config, projectFixture('replay/alarm-sns-quarantine.json'));
    expect(result.kind).toBe('alarm');
    expect(where(result)).toEqual([['sandbox-us-east-1', 'standalone', 'alarm', 'guards-quarantine-i-0123456789abcdef0', 'guards-instance-quarantine']]);
    expect(result.matches[0].preview).toEqual({
      kind: 'action',
      action: expect.stringMatching(
        /^would quarantine instance i-0123456789abcdef0 \(trigger alarm: .*after checking alarm guards-quarantine-i-0123456789abcdef0 is in ALARM/,
      ),
    });
    // An alarm the config does not have (AWS's sample notification) reaches no guard.
    expect(replayEvent(config, sharedEvent('cloudwatch-alarm-sns-payload-single-metric.json')).matches).toEqual([]);
  });

  it("instance-quarantine, CloudWatch alarm state change (hub): the hub's quarantine rule, acting in the member", () => {
    // The recorded state change, for the alarm of examples/organization.yaml's production instance.
    const recorded = JSON.stringify(projectFixture('instance-quarantine/alarm-state-change-forwarded.json'));
    const event = JSON.parse(recorded.replaceAll('i-00fe7967fb7167c62', 'i-0123456789abcdef0')) as unknown;
    const result = replayEvent(organization, event);
    const hub = result.matches.filter((match) => match.functionName === 'guards-instance-quarantine');
    expect(hub.map((match) => [match.stack, match.mode, match.via])).toEqual([['hub-eu-west-1', 'hub', 'rule']]);
    expect(hub[0].preview).toEqual({
      kind: 'action',
      action: expect.stringMatching(/^would quarantine instance i-0123456789abcdef0 in account 222222222222, eu-west-1/),
    });
  });

  it('region-lockdown, CloudTrail CreateUser: its rule, and the deny policy it would attach', () => {
    const result = replayEvent(config, sharedEvent('createuser-assumedrole.json'));
    const lockdown = result.matches.find((match) => match.functionName === 'guards-region-lockdown')!;
    expect([lockdown.via, lockdown.rule]).toEqual(['rule', 'guards-region-lockdown-new-user']);
    expect(lockdown.preview).toEqual({
      kind: 'action',
      action: expect.stringMatching(/^would attach arn:aws:iam::123456789012:policy\/guards-region-lockdown-us-east-1 to IAM user new-user \(user-created/),
    });
  });

  it("signin-alert, a CloudTrail sign-in record: the trail's log subscription, and the alert", () => {
    const result = replayEvent(config, sharedEvent('consolelogin-root-success-no-mfa.json'));
    expect(where(result)).toEqual([
      ['sandbox-us-east-1', 'standalone', 'log subscription', expect.stringMatching(/^guards-signin-alert \(log group /), 'guards-signin-alert'],
    ]);
    expect(result.matches[0].preview).toMatchObject({
      kind: 'alert',
      alert: { subject: expect.stringMatching(/^\[ROOT\]\[NO MFA\] Console sign-in by root/) },
    });
    // Hub mode: the organization trail's log group in the hub.
    const hub = replayEvent(organization, sharedEvent('consolelogin-root-success-no-mfa.json'));
    expect(where(hub)).toEqual([
      ['hub-us-east-1', 'hub', 'log subscription', 'guards-signin-alert (log group /organization/cloudtrail)', 'guards-signin-alert'],
    ]);
    expect(hub.matches[0].preview).toMatchObject({ kind: 'alert' });
  });

  it("a Config rule invocation: the exposed-ports rule and the evaluation it would report; the inactive-user rule needs IAM's facts", () => {
    const result = replayEvent(config, projectFixture('replay/config-exposed-ports-sg-change.json'));
    expect(where(result)).toEqual([['sandbox-us-east-1', 'standalone', 'config rule', 'guards-exposed-ports', 'guards-exposed-ports-rule']]);
    expect(result.matches[0].preview).toEqual({
      kind: 'evaluation',
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceId: 'sg-0a1b2c3d4e5f60003',
      compliance: 'NON_COMPLIANT',
      annotation: expect.stringContaining('0.0.0.0/0 reaches forbidden port'),
    });
    const inactive = replayEvent(config, {
      ...projectFixture<Record<string, unknown>>('replay/config-exposed-ports-sg-change.json'),
      configRuleName: 'guards-inactive-users',
    });
    expect(where(inactive)).toEqual([['sandbox-us-east-1', 'standalone', 'config rule', 'guards-inactive-users', 'guards-inactive-user-rule']]);
    expect(inactive.matches[0].preview).toEqual({ kind: 'not-previewed', reason: expect.stringContaining('cannot be told without AWS') });
    // Hub mode: a member's copy of the organization rule invokes the hub's function.
    const hub = replayEvent(organization, {
      ...projectFixture<Record<string, unknown>>('replay/config-exposed-ports-sg-change.json'),
      configRuleName: 'OrgConfigRule-guards-exposed-ports-a1b2c3',
    });
    expect(hub.matches.map((match) => [match.stack, match.via, match.functionName, match.preview.kind])).toContainEqual([
      'hub-us-east-1',
      'config rule',
      'guards-exposed-ports-rule',
      'evaluation',
    ]);
  });

  it('refuses an event it cannot read, saying what it expected', () => {
    expect(() => replayEvent(config, { hello: 'world' })).toThrow(UnreadableEventError);
    expect(() => replayEvent(config, { hello: 'world' })).toThrow(/^event: not a CloudTrail record \(eventName, eventSource\), an EventBridge event/);
    expect(() => replayEvent(config, { 'detail-type': 'x', source: 'aws.ec2' })).toThrow('event.detail: missing or not an object');
    expect(() => replayEvent(config, [1, 2])).toThrow('event: a list of 2 events; replay one at a time');
    expect(() => replayEvent(config, projectFixture('replay/alarm-sns-message-not-json.json'))).toThrow(
      'event.Records[0].Sns.Message: not a CloudWatch alarm notification (a JSON text with AlarmName)',
    );
  });
});

describe('the replay command', () => {
  const run = (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = runReplay(args, 'guards replay', { stdout: (text) => out.push(text), stderr: (text) => err.push(text) });
    return { code, out: out.join(''), err: err.join('') };
  };
  const configFile = path.join(repoRoot, 'examples/single-account.yaml');

  it('prints the replay and exits 0; an unreadable event exits 1 naming the file; a missing option exits 2 with the usage', () => {
    const replayed = run(['--config', configFile, '--event', path.join(sharedFixturesDir, 'events', 'createuser-assumedrole.json')]);
    expect([replayed.code, replayed.err]).toEqual([0, '']);
    expect(replayed.out).toContain('rule guards-region-lockdown-new-user -> guards-region-lockdown (region-lockdown)');
    const malformed = path.join(repoRoot, '__tests__/fixtures/replay/alarm-sns-message-not-json.json');
    expect(run(['--config', configFile, '--event', malformed])).toEqual({
      code: 1,
      out: '',
      err: `${malformed}: event.Records[0].Sns.Message: not a CloudWatch alarm notification (a JSON text with AlarmName)\n`,
    });
    expect(run(['--config', configFile])).toEqual({ code: 2, out: '', err: 'usage: guards replay --config <guards.yaml> --event <event.json>\n' });
  });

  it('npm run replay runs the same command', () => {
    const output = execFileSync(
      process.execPath,
      [
        path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'),
        'scripts/replay.ts',
        '--config',
        configFile,
        '--event',
        path.join(repoRoot, '__tests__/fixtures/replay/alarm-sns-quarantine.json'),
      ],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(output).toContain('== sandbox-us-east-1 (standalone): alarm guards-quarantine-i-0123456789abcdef0 -> guards-instance-quarantine');
  });
});
