import { decideUser, UserFacts } from '../../../handlers/inactive-user-rule/decision';
import { parseInactivityPolicy } from '../../../handlers/inactive-user-rule/contract';

const dayMs = 24 * 60 * 60 * 1000;
const now = new Date('2024-06-30T12:00:00.000Z');
const daysBefore = (days: number, extraMs = 0): Date => new Date(now.getTime() - days * dayMs - extraMs);
const policy = parseInactivityPolicy({
  maxInactiveDays: '90',
  newUserGraceDays: '14',
  exemptUserNames: 'break-glass',
  exemptTagKey: 'guards:inactive-user-exempt',
});

function user(overrides: Partial<UserFacts>): UserFacts {
  return { userName: 'alice', createdAt: daysBefore(400), uses: [], tags: {}, ...overrides };
}

describe('inactive-user decision', () => {
  it('a user exactly at the limit is still COMPLIANT; one millisecond more is NON_COMPLIANT', () => {
    expect(decideUser(user({ uses: [{ credential: 'password', at: daysBefore(90) }] }), policy, now)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'alice: last used its password 90 days ago (2024-04-01); the limit is 90',
    });
    expect(decideUser(user({ uses: [{ credential: 'password', at: daysBefore(90, 1) }] }), policy, now)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'alice: no password or access key used for 90 days, more than the 90 allowed (last: password on 2024-04-01)',
    });
  });

  it('reads the latest of every credential, not only the password', () => {
    const uses = [
      { credential: 'password', at: daysBefore(300) },
      { credential: 'access key 2', at: daysBefore(3) },
      { credential: 'access key 1', at: daysBefore(120) },
    ];
    expect(decideUser(user({ uses }), policy, now)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'alice: last used its access key 2 3 days ago (2024-06-27); the limit is 90',
    });
  });

  it('a user that never used a credential is judged by its creation date against the grace period', () => {
    expect(decideUser(user({ createdAt: daysBefore(200) }), policy, now)).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'alice: never used a password or access key in the 200 days since it was created (2023-12-13); new users have 14',
    });
    expect(decideUser(user({ createdAt: daysBefore(14) }), policy, now)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'alice: created 14 days ago (2024-06-16), no credential used yet; new users have 14 days',
    });
    expect(decideUser(user({ createdAt: daysBefore(14, 1) }), policy, now).compliance).toBe('NON_COMPLIANT');
  });

  it('exempts users by name, or by tag unless its value is false', () => {
    const idle = { uses: [{ credential: 'password', at: daysBefore(500) }] };
    expect(decideUser(user({ ...idle, userName: 'break-glass' }), policy, now)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'break-glass: exempt by name (rule parameter exemptUserNames)',
    });
    expect(decideUser(user({ ...idle, tags: { 'guards:inactive-user-exempt': '' } }), policy, now)).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'alice: exempt by tag guards:inactive-user-exempt',
    });
    expect(decideUser(user({ ...idle, tags: { 'guards:inactive-user-exempt': 'False' } }), policy, now).compliance).toBe('NON_COMPLIANT');
    expect(decideUser(user({ ...idle, tags: { other: 'true' } }), policy, now).compliance).toBe('NON_COMPLIANT');
  });

  it('counts a use stamped after "now" (clock skew) as a use today', () => {
    expect(decideUser(user({ uses: [{ credential: 'password', at: new Date(now.getTime() + 60_000) }] }), policy, now)).toMatchObject({
      compliance: 'COMPLIANT',
      annotation: expect.stringContaining('0 days ago'),
    });
  });

  it('keeps the annotation within 256 characters for the longest user names', () => {
    const longest = 'u'.repeat(64);
    const result = decideUser(user({ userName: longest, createdAt: daysBefore(3000) }), policy, now);
    expect(result.annotation.length).toBeLessThanOrEqual(256);
    expect(result.annotation.startsWith(`${longest}: never used`)).toBe(true);
  });

  describe('judging each credential (judgeEachCredential)', () => {
    const each = parseInactivityPolicy({ maxInactiveDays: '90', judgeEachCredential: 'true' });
    const dailySignIn = [{ credential: 'password', at: daysBefore(0, -1000) }];

    it('an active access key unused for longer than the limit is NON_COMPLIANT even when the user signs in daily', () => {
      const facts = user({
        uses: dailySignIn,
        activeAccessKeys: [{ credential: 'access key ...WXYZ', createdAt: daysBefore(300), lastUsedAt: daysBefore(200) }],
      });
      expect(decideUser(facts, each, now)).toEqual({
        compliance: 'NON_COMPLIANT',
        annotation: 'alice: active access key ...WXYZ unused for 200 days, more than the 90 allowed (last used 2023-12-13); deactivate or delete it',
      });
      // The default judges the user's latest use only: the same user is COMPLIANT.
      expect(decideUser(facts, policy, now).compliance).toBe('COMPLIANT');
    });

    it('a key never used counts from its creation; a recent or inactive key is no finding', () => {
      expect(decideUser(user({ uses: dailySignIn, activeAccessKeys: [{ credential: 'access key 1', createdAt: daysBefore(120) }] }), each, now)).toMatchObject({
        compliance: 'NON_COMPLIANT',
        annotation: expect.stringContaining('never used since 2024-03-02'),
      });
      expect(
        decideUser(
          user({ uses: dailySignIn, activeAccessKeys: [{ credential: 'access key 1', createdAt: daysBefore(120), lastUsedAt: daysBefore(2) }] }),
          each,
          now,
        ).compliance,
      ).toBe('COMPLIANT');
      expect(decideUser(user({ uses: dailySignIn, activeAccessKeys: [] }), each, now).compliance).toBe('COMPLIANT');
    });

    it('cannot say COMPLIANT when the active keys are unknown', () => {
      expect(decideUser(user({ uses: dailySignIn }), each, now)).toMatchObject({
        compliance: 'NON_COMPLIANT',
        annotation: expect.stringContaining('the active access keys are unknown'),
      });
    });

    it('still leaves exempt users alone', () => {
      expect(
        decideUser(
          user({ userName: 'break-glass', activeAccessKeys: [{ credential: 'access key 1', createdAt: daysBefore(999) }] }),
          { ...each, exemptUserNames: new Set(['break-glass']) },
          now,
        ).compliance,
      ).toBe('COMPLIANT');
    });
  });
});
