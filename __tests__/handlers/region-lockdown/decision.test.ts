import { decideForUser, exemptionOf, planReconciliation, UserFacts } from '../../../handlers/region-lockdown/decision';

const deny = ['arn:aws:iam::123456789012:policy/guards-region-lockdown-us-east-1'];
const other = 'arn:aws:iam::123456789012:policy/team-s3';
const exemptions = { pathPrefixes: ['/break-glass/'], tagKey: 'guards:region-lockdown-exempt' };
const user = (changes: Partial<UserFacts> = {}): UserFacts => ({ userName: 'alice', path: '/', tags: {}, attachedPolicyArns: [], ...changes });

describe('exemptionOf', () => {
  it('exempts by path prefix and by tag (any value but false)', () => {
    expect(exemptionOf({ path: '/break-glass/', tags: {} }, exemptions)).toBe('path /break-glass/ is under the exempt path /break-glass/');
    expect(exemptionOf({ path: '/break-glass/ops/', tags: {} }, exemptions)).toContain('exempt path');
    expect(exemptionOf({ path: '/', tags: { 'guards:region-lockdown-exempt': 'true' } }, exemptions)).toBe('tag guards:region-lockdown-exempt=true');
    expect(exemptionOf({ path: '/', tags: { 'guards:region-lockdown-exempt': '' } }, exemptions)).toBe('tag guards:region-lockdown-exempt=');
  });

  it('does not exempt other paths, a tag set to false, or other tags', () => {
    expect(exemptionOf({ path: '/break-glassy/', tags: {} }, exemptions)).toBeUndefined();
    expect(exemptionOf({ path: '/', tags: { 'guards:region-lockdown-exempt': 'False' } }, exemptions)).toBeUndefined();
    expect(exemptionOf({ path: '/', tags: { other: 'true' } }, exemptions)).toBeUndefined();
  });
});

describe('decideForUser', () => {
  it('attaches the deny to a user without it, whatever else it has attached', () => {
    expect(decideForUser(user(), deny, exemptions)).toEqual({
      action: 'attach',
      outcome: 'missing',
      missingPolicyArns: deny,
      reason: `the user lacks ${deny[0]}`,
    });
    expect(decideForUser(user({ attachedPolicyArns: [other] }), deny, exemptions)).toMatchObject({ action: 'attach', missingPolicyArns: deny });
  });

  it('attaches only the deny policies that are missing when there are several', () => {
    const two = [...deny, 'arn:aws:iam::123456789012:policy/guards-region-lockdown-us-east-1-2'];
    expect(decideForUser(user({ attachedPolicyArns: [two[0]] }), two, exemptions)).toMatchObject({ action: 'attach', missingPolicyArns: [two[1]] });
  });

  it('leaves a user that has the deny attached, and an exempt user, as they are', () => {
    expect(decideForUser(user({ attachedPolicyArns: [other, deny[0]] }), deny, exemptions)).toMatchObject({ action: 'skip', outcome: 'in-place' });
    expect(decideForUser(user({ path: '/break-glass/' }), deny, exemptions)).toEqual({
      action: 'skip',
      outcome: 'exempt',
      reason: 'exempt: path /break-glass/ is under the exempt path /break-glass/',
    });
  });
});

describe('planReconciliation', () => {
  it('sorts a page of users into those to attach the deny to, exempt ones, and those already holding it', () => {
    const plan = planReconciliation(
      [
        user({ userName: 'no-deny' }),
        user({ userName: 'holds-it', attachedPolicyArns: deny }),
        user({ userName: 'detached', attachedPolicyArns: [other] }),
        user({ userName: 'break-glass', path: '/break-glass/' }),
        user({ userName: 'tagged', tags: { 'guards:region-lockdown-exempt': 'yes' } }),
      ],
      deny,
      exemptions,
    );
    expect(plan).toEqual({
      attach: [
        { userName: 'no-deny', missingPolicyArns: deny },
        { userName: 'detached', missingPolicyArns: deny },
      ],
      exempt: ['break-glass', 'tagged'],
      inPlace: 1,
    });
  });
});
