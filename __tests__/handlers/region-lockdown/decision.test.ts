import { canonicalJson, decideForUser, exemptionOf, holdsDeny, planReconciliation, UserFacts } from '../../../handlers/region-lockdown/decision';
import { buildRegionDenyPolicy } from '../../../handlers/region-lockdown/region-deny-policy';

const deny = buildRegionDenyPolicy({ allowedRegions: ['eu-west-1', 'us-east-1'], scope: 'ec2-changes' });
const exemptions = { pathPrefixes: ['/break-glass/'], tagKey: 'guards:region-lockdown-exempt' };
/** What IAM returns for a policy document: URL-encoded JSON. */
const asIamReturnsIt = (document: unknown) => encodeURIComponent(JSON.stringify(document));
const user = (changes: Partial<UserFacts> = {}): UserFacts => ({ userName: 'alice', path: '/', tags: {}, ...changes });

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

describe('holdsDeny', () => {
  it('recognises the deny as IAM returns it, URL-encoded, whatever its key order or white space', () => {
    expect(holdsDeny(asIamReturnsIt(deny), deny)).toBe(true);
    const reordered = { Statement: deny.Statement.map((statement) => ({ Condition: statement.Condition, Resource: statement.Resource, Action: statement.Action, Effect: statement.Effect, Sid: statement.Sid })), Version: deny.Version };
    expect(holdsDeny(encodeURIComponent(JSON.stringify(reordered, null, 2)), deny)).toBe(true);
  });

  it('rejects another document, the deny for other regions, and text that does not decode or parse', () => {
    expect(holdsDeny(asIamReturnsIt({ Version: '2012-10-17', Statement: [] }), deny)).toBe(false);
    expect(holdsDeny(asIamReturnsIt(buildRegionDenyPolicy({ allowedRegions: ['eu-west-1'], scope: 'ec2-changes' })), deny)).toBe(false);
    expect(holdsDeny(asIamReturnsIt(buildRegionDenyPolicy({ allowedRegions: ['eu-west-1', 'us-east-1'], scope: 'all-regional' })), deny)).toBe(false);
    expect(holdsDeny('%E0%A4%A', deny)).toBe(false);
    expect(holdsDeny('not json', deny)).toBe(false);
  });

  it('canonicalJson sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: 2 }], a: null })).toBe('{"a":null,"b":[2,{"c":2,"d":1}]}');
  });
});

describe('decideForUser', () => {
  it('puts the deny on a user without it, and on one whose policy of that name is not the deny', () => {
    expect(decideForUser(user(), deny, exemptions)).toEqual({ action: 'put', outcome: 'missing', reason: 'the user has no region deny' });
    expect(decideForUser(user({ currentPolicyDocument: asIamReturnsIt({ Version: '2012-10-17', Statement: [] }) }), deny, exemptions)).toMatchObject({ action: 'put', outcome: 'differs' });
  });

  it('leaves a user that holds the deny, and an exempt user, as they are', () => {
    expect(decideForUser(user({ currentPolicyDocument: asIamReturnsIt(deny) }), deny, exemptions)).toMatchObject({ action: 'skip', outcome: 'in-place' });
    expect(decideForUser(user({ path: '/break-glass/' }), deny, exemptions)).toEqual({ action: 'skip', outcome: 'exempt', reason: 'exempt: path /break-glass/ is under the exempt path /break-glass/' });
  });
});

describe('planReconciliation', () => {
  it('sorts a page of users into those to put the deny on, exempt ones, and those already holding it', () => {
    const plan = planReconciliation(
      [
        user({ userName: 'no-deny' }),
        user({ userName: 'holds-it', currentPolicyDocument: asIamReturnsIt(deny) }),
        user({ userName: 'tampered', currentPolicyDocument: asIamReturnsIt({ Version: '2012-10-17', Statement: [] }) }),
        user({ userName: 'break-glass', path: '/break-glass/' }),
        user({ userName: 'tagged', tags: { 'guards:region-lockdown-exempt': 'yes' } }),
      ],
      deny,
      exemptions,
    );
    expect(plan).toEqual({
      put: [
        { userName: 'no-deny', outcome: 'missing' },
        { userName: 'tampered', outcome: 'differs' },
      ],
      exempt: ['break-glass', 'tagged'],
      inPlace: 1,
    });
  });
});
