import { suppressionDigest, suppressionFor } from '../../../handlers/common/suppression';
import { suppressionsSchema } from '../../../modules/common/suppression-settings';
import { describeIssues } from '../../../modules/common/zod-issues';

const today = new Date('2026-12-04T10:00:00Z');
const base = { owner: 'platform-team', reason: 'CI opens and closes its own test groups', expires: '2027-03-31' };

function problems(list: unknown): string[] {
  const result = suppressionsSchema(today).safeParse(list);
  return result.success ? [] : describeIssues(result.error.issues);
}

describe('suppressions validation names the field', () => {
  it('accepts an owned, explained suppression that expires within a year', () => {
    expect(problems([{ ...base, guard: 'sg-change-alert', principalArn: 'arn:aws:sts::111122223333:assumed-role/ci-*' }])).toEqual([]);
  });

  it('refuses one without owner or reason', () => {
    expect(problems([{ guard: 'sg-change-alert', owner: ' ', reason: '', expires: '2027-01-01' }])).toEqual([
      '[0].owner: required: who answers for this suppression (a team or an address)',
      '[0].reason: required: why these events need no alert',
    ]);
  });

  it('refuses an expiry in the past, more than a year away, or not a date', () => {
    expect(problems([{ ...base, guard: 'x', expires: '2026-12-03' }])).toEqual(['[0].expires: must not be in the past (today is 2026-12-04)']);
    expect(problems([{ ...base, guard: 'x', expires: '2028-01-01' }])).toEqual([
      '[0].expires: must be at most a year away (2027-12-05 at the latest): renew it then',
    ]);
    expect(problems([{ ...base, guard: 'x', expires: '31/03/2027' }])[0]).toMatch(/^\[0\]\.expires: must be a date such as 2027-01-31/);
  });

  it('refuses one that would match every event', () => {
    expect(problems([base])).toEqual(['[0]: matches every event: name a guard, account, region, principalArn, resourceId or tag']);
  });
});

describe('suppression matching', () => {
  const ci = { ...base, guard: 'sg-change-alert', accountId: '111122223333', principalArn: 'arn:aws:sts::111122223333:assumed-role/ci-*' };
  const event = {
    guard: 'sg-change-alert',
    accountId: '111122223333',
    region: 'eu-west-1',
    principalArn: 'arn:aws:sts::111122223333:assumed-role/ci-runner/build-42',
  };

  it('matches when every field it names matches', () => {
    expect(suppressionFor([ci], event, today)).toBe(ci);
  });

  it('does not match another guard, account, principal, or an event lacking the fact', () => {
    expect(suppressionFor([ci], { ...event, guard: 'iam-change-alert' }, today)).toBeUndefined();
    expect(suppressionFor([ci], { ...event, accountId: '222222222222' }, today)).toBeUndefined();
    expect(suppressionFor([ci], { ...event, principalArn: 'arn:aws:sts::111122223333:assumed-role/admin/alan' }, today)).toBeUndefined();
    const { principalArn: _principal, ...anonymous } = event;
    expect(suppressionFor([ci], anonymous, today)).toBeUndefined();
  });

  it('matches by tag and resource id', () => {
    const tagged = { ...base, tag: { key: 'env', value: 'sandbox' } };
    expect(suppressionFor([tagged], { guard: 'instance-quarantine', tags: { env: 'sandbox' } }, today)).toBe(tagged);
    expect(suppressionFor([tagged], { guard: 'instance-quarantine', tags: { env: 'prod' } }, today)).toBeUndefined();
    const one = { ...base, resourceId: 'sg-0123' };
    expect(suppressionFor([one], { guard: 'sg-change-alert', resourceId: 'sg-0123' }, today)).toBe(one);
  });

  it('applies through its expiry day and not after', () => {
    expect(suppressionFor([ci], event, new Date('2027-03-31T23:59:59Z'))).toBe(ci);
    expect(suppressionFor([ci], event, new Date('2027-04-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('the weekly digest', () => {
  it('lists each suppression with its count, owner, expiry and reason, in one message', () => {
    const ci = { ...base, guard: 'sg-change-alert', principalArn: 'arn:aws:sts::111122223333:assumed-role/ci-*' };
    const digest = suppressionDigest([{ suppression: ci, count: 12 }], '2026-12-06');
    expect(digest.subject).toBe('Suppressed alerts: 12 in the week ending 2026-12-06');
    expect(digest.message).toContain(
      '- 12 x guard sg-change-alert, principal arn:aws:sts::111122223333:assumed-role/ci-*: owner platform-team, expires 2027-03-31; reason: CI opens and closes its own test groups',
    );
  });
});
