import {
  AlertContent,
  cloudTrailEventUrl,
  consoleUrl,
  formatAlert,
  formatUtcTime,
  maxFactValueLength,
  maxSubjectLength,
  snsSubject,
} from '../../../handlers/common/alert-format';
import { describeApiCall } from '../../../handlers/cloudtrail-alert/api-call-alert';
import { readCloudTrailRecord } from '../../../handlers/common/cloudtrail-record';
import { parseApiCallEvent } from '../../../handlers/cloudtrail-alert/eventbridge-event';
import { decideSignIn } from '../../../handlers/signin-alert/sign-in';
import { cloudTrailRecord, eventBridgeEnvelope } from '../../helpers/cloudtrail-envelopes';
import { sharedEvent } from '../../helpers/fixtures';

/** SNS: ASCII that starts with a letter, digit or punctuation, no line break or control character, under 100 characters. */
function expectValidSnsSubject(subject: string): void {
  expect(subject.length).toBeGreaterThan(0);
  expect(subject.length).toBeLessThanOrEqual(maxSubjectLength);
  expect(subject.length).toBeLessThan(100);
  expect(subject).toMatch(/^[\x21-\x7e][\x20-\x7e]*$/);
}

const content: AlertContent = {
  markers: ['ROOT', 'NO MFA'],
  title: 'Console sign-in by root in 111122223333 from 192.0.2.0',
  summary: 'The root user of account 111122223333 signed in to the AWS console without MFA.',
  facts: [
    { label: 'Who', value: 'root user of account 111122223333' },
    { label: 'Missing', value: undefined },
    { label: 'Empty', value: '' },
    { label: 'Changes', value: ['allow inbound tcp 22 from 0.0.0.0/0', 'remove rule sgr-1'] },
    { label: 'No changes', value: [] },
  ],
  links: [{ label: 'CloudTrail event', url: 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/e-1' }],
  eventId: 'e-1',
  guardName: 'signin-alert',
};

describe('formatAlert', () => {
  it('puts the markers in the subject and the first line, then facts, links, the event id and the guard', () => {
    const alert = formatAlert(content);
    expect(alert.subject).toBe('[ROOT][NO MFA] Console sign-in by root in 111122223333 from 192.0.2.0');
    expect(alert.message.split('\n')).toEqual([
      'ROOT, NO MFA: The root user of account 111122223333 signed in to the AWS console without MFA.',
      '',
      'Who: root user of account 111122223333',
      'Changes:',
      '  - allow inbound tcp 22 from 0.0.0.0/0',
      '  - remove rule sgr-1',
      '',
      'Open in the AWS console:',
      '  CloudTrail event: https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/e-1',
      '',
      'Event id: e-1',
      'Sent by the signin-alert guard.',
    ]);
  });

  it('says when the event had no id, leaves out an empty links section, and keeps each fact on one line', () => {
    const alert = formatAlert({ ...content, markers: [], eventId: undefined, links: [], facts: [{ label: 'Policy', value: '{\n  "a": 1\r\n}' }] });
    expect(alert.message).toContain('Event id: (none in the event)');
    expect(alert.message).not.toContain('Open in the AWS console');
    expect(alert.message).toContain('Policy: { "a": 1 }');
    expect(alert.message.startsWith('The root user')).toBe(true);
  });

  it('cuts a very long fact value with an ellipsis', () => {
    const alert = formatAlert({ ...content, facts: [{ label: 'Policy document', value: 'x'.repeat(maxFactValueLength * 2) }] });
    const line = alert.message.split('\n').find((text) => text.startsWith('Policy document: '))!;
    expect(line.length).toBe('Policy document: '.length + maxFactValueLength);
    expect(line.endsWith('...')).toBe(true);
  });
});

describe('snsSubject', () => {
  it('keeps a subject within SNS limits: ASCII, one line, at most 99 characters, cut with an ellipsis', () => {
    const long = snsSubject(['FAILED', 'OPEN TO INTERNET'], `AuthorizeSecurityGroupIngress sg-0123456789abcdef0 by ${'a'.repeat(200)}`);
    expectValidSnsSubject(long);
    expect(long.length).toBe(maxSubjectLength);
    expect(long.endsWith('...')).toBe(true);
    expect(long.startsWith('[FAILED][OPEN TO INTERNET] AuthorizeSecurityGroupIngress')).toBe(true);
  });

  it('replaces non-ASCII characters and removes line breaks and tabs', () => {
    const subject = snsSubject([], 'Console sign-in by jürgen\nfrom\t192.0.2.1 \u{1F600}');
    expectValidSnsSubject(subject);
    expect(subject).toBe('Console sign-in by j?rgen from 192.0.2.1 ??');
  });

  it('never sends an empty subject, nor one that starts with a space', () => {
    expect(snsSubject([], '   ')).toBe('Security guard alert');
    expectValidSnsSubject(snsSubject([], '\n\n  x'));
  });
});

describe('formatUtcTime', () => {
  it.each([
    ['2022-11-10T16:24:34Z', '2022-11-10 16:24:34 UTC'],
    // panther-analysis exports: no zone, fractional seconds; CloudTrail times are UTC.
    ['2021-01-24 04:55:45.000', '2021-01-24 04:55:45 UTC'],
    ['2024-03-02T10:20:00+02:00', '2024-03-02 08:20:00 UTC'],
    ['Mar 2, 2024, 1:00:00 PM', 'Mar 2, 2024, 1:00:00 PM'],
  ])('%s -> %s', (raw, expected) => {
    expect(formatUtcTime(raw)).toBe(expected);
  });

  it('gives undefined for no time', () => {
    expect(formatUtcTime(undefined)).toBeUndefined();
  });
});

describe('console links', () => {
  it('open regional pages in their region and global pages on the partition host', () => {
    expect(cloudTrailEventUrl('aws', 'eu-west-1', 'e-1')).toBe('https://eu-west-1.console.aws.amazon.com/cloudtrailv2/home?region=eu-west-1#/events/e-1');
    expect(consoleUrl('aws', undefined, 'iam/home#/users/details/anaya')).toBe('https://console.aws.amazon.com/iam/home#/users/details/anaya');
    expect(consoleUrl('aws-us-gov', 'us-gov-west-1', 'ec2/home')).toBe('https://console.amazonaws-us-gov.com/ec2/home');
    expect(consoleUrl('aws-iso', 'us-iso-east-1', 'ec2/home')).toBeUndefined();
    expect(cloudTrailEventUrl('aws', 'us-east-1', undefined)).toBeUndefined();
  });
});

// The alert of every real CloudTrail record in ../shared/fixtures/events, through the describer
// of the guard that receives it. A change to the wording shows up here for review.
describe('alert of each real CloudTrail record (snapshots)', () => {
  const context = { partition: 'aws' };

  it.each(['consolelogin-iam-user-failure.json', 'consolelogin-iam-user-success-mfa.json', 'consolelogin-root-success-no-mfa.json'])(
    'signin-alert: %s',
    (name) => {
      const decision = decideSignIn(readCloudTrailRecord(cloudTrailRecord(name), name), { ...context, riskySignInsOnly: false, guardName: 'signin-alert' });
      if (decision.action !== 'alert') throw new Error(`${name} was skipped: ${decision.reason}`);
      const alert = formatAlert(decision.content);
      expectValidSnsSubject(alert.subject);
      expect(alert).toMatchSnapshot();
    },
  );

  it.each([
    ['iam-change-alert', 'createuser-assumedrole.json'],
    ['sg-change-alert', 'authorize-sg-ingress-console.json'],
    ['sg-change-alert', 'create-security-group-terraform.json'],
  ])('%s: %s', (guardName, name) => {
    const alert = formatAlert(describeApiCall(parseApiCallEvent(eventBridgeEnvelope(cloudTrailRecord(name))), { ...context, guardName }));
    expectValidSnsSubject(alert.subject);
    expect(alert).toMatchSnapshot();
  });

  it('any other API call (eventbridge-cloudtrail-envelope.json, a transit gateway call)', () => {
    const alert = formatAlert(
      describeApiCall(parseApiCallEvent(sharedEvent('eventbridge-cloudtrail-envelope.json')), { ...context, guardName: 'sg-change-alert' }),
    );
    expectValidSnsSubject(alert.subject);
    expect(alert).toMatchSnapshot();
  });
});
