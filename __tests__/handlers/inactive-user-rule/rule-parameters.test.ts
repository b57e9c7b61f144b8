import { InvalidRuleParametersError } from '../../../handlers/config-rule/config-rule-errors';
import { parseInactivityPolicy } from '../../../handlers/inactive-user-rule/contract';

describe('parseInactivityPolicy', () => {
  it('reads numbers as text or JSON numbers; the grace period defaults to maxInactiveDays', () => {
    expect(parseInactivityPolicy({ maxInactiveDays: '90' })).toEqual({
      maxInactiveDays: 90,
      newUserGraceDays: 90,
      exemptUserNames: new Set(),
      judgeEachCredential: false,
    });
    expect(parseInactivityPolicy({ maxInactiveDays: 45, newUserGraceDays: 14, exemptTagKey: 'keep' })).toEqual({
      maxInactiveDays: 45,
      newUserGraceDays: 14,
      exemptUserNames: new Set(),
      exemptTagKey: 'keep',
      judgeEachCredential: false,
    });
  });

  it('reads judgeEachCredential as text or a JSON boolean (default false), and refuses anything else', () => {
    expect(parseInactivityPolicy({ maxInactiveDays: '90', judgeEachCredential: 'true' }).judgeEachCredential).toBe(true);
    expect(parseInactivityPolicy({ maxInactiveDays: '90', judgeEachCredential: true }).judgeEachCredential).toBe(true);
    expect(parseInactivityPolicy({ maxInactiveDays: '90', judgeEachCredential: 'false' }).judgeEachCredential).toBe(false);
    expect(() => parseInactivityPolicy({ maxInactiveDays: '90', judgeEachCredential: 'yes' })).toThrow(
      'rule parameter judgeEachCredential: "yes" is not true or false',
    );
  });

  it('reads exempt user names as comma-separated text or a JSON array (which may hold names with commas)', () => {
    expect(parseInactivityPolicy({ maxInactiveDays: '30', exemptUserNames: 'break-glass, ci' }).exemptUserNames).toEqual(new Set(['break-glass', 'ci']));
    expect(parseInactivityPolicy({ maxInactiveDays: '30', exemptUserNames: ['smith,john'] }).exemptUserNames).toEqual(new Set(['smith,john']));
  });

  it('requires maxInactiveDays and names the key of anything it cannot read', () => {
    expect(() => parseInactivityPolicy({})).toThrow(
      new InvalidRuleParametersError('rule parameter maxInactiveDays is required, e.g. {"maxInactiveDays": "90"}'),
    );
    expect(() => parseInactivityPolicy({ maxInactiveDays: 'ninety' })).toThrow(/rule parameter maxInactiveDays: "ninety" is not a whole number of days >= 1/);
    expect(() => parseInactivityPolicy({ maxInactiveDays: '0' })).toThrow(/maxInactiveDays: "0"/);
    expect(() => parseInactivityPolicy({ maxInactiveDays: '30', newUserGraceDays: 1.5 })).toThrow(/newUserGraceDays: 1.5/);
    expect(() => parseInactivityPolicy({ maxInactiveDays: '30', exemptTagKey: 7 })).toThrow(/exemptTagKey: 7 is not a tag key/);
    expect(() => parseInactivityPolicy({ maxInactiveDays: '30', exemptUserNames: 7 })).toThrow(/exemptUserNames: 7/);
    // The sample events' own parameters belong to other rules.
    expect(() => parseInactivityPolicy({ test: 'x' })).toThrow(/rule parameter test is unknown/);
  });
});
