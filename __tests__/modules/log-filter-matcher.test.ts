import { matchesLogFilter } from '../helpers/log-filter-matcher';

// The test-only CloudWatch Logs filter matcher the guards' filter tests rely on.
describe('matchesLogFilter (test-only CloudWatch Logs JSON filter matcher)', () => {
  const event = { eventSource: 'iam.amazonaws.com', eventName: 'CreateUser', userIdentity: { type: 'Root' }, count: 3 };

  it('compares a field, nested fields included, with = and !=', () => {
    expect(matchesLogFilter('{ $.eventName = "CreateUser" }', event)).toBe(true);
    expect(matchesLogFilter('{ $.eventName = "CreateRole" }', event)).toBe(false);
    expect(matchesLogFilter('{ $.userIdentity.type = "Root" }', event)).toBe(true);
    expect(matchesLogFilter('{ $.userIdentity.type != "Root" }', event)).toBe(false);
    expect(matchesLogFilter('{ $.missing.field = "x" }', event)).toBe(false);
    expect(matchesLogFilter('{ $.count = "3" }', event)).toBe(false);
  });

  it('combines with && and ||, grouped by parentheses', () => {
    expect(matchesLogFilter('{ ($.eventSource = "iam.amazonaws.com") && (($.eventName = "CreateRole") || ($.eventName = "CreateUser")) }', event)).toBe(true);
    expect(matchesLogFilter('{ ($.eventSource = "ec2.amazonaws.com") && (($.eventName = "CreateRole") || ($.eventName = "CreateUser")) }', event)).toBe(false);
    expect(matchesLogFilter('{ ($.eventSource = "iam.amazonaws.com") && (($.eventName = "CreateRole") || ($.eventName = "PutUserPolicy")) }', event)).toBe(
      false,
    );
  });

  it('refuses syntax it does not implement', () => {
    expect(() => matchesLogFilter('401', event)).toThrow('not a JSON filter pattern');
    expect(() => matchesLogFilter('{ $.count > 2 }', event)).toThrow('unsupported filter pattern syntax');
    expect(() => matchesLogFilter('{ ($.eventName = "CreateUser" }', event)).toThrow('unbalanced parentheses');
    expect(() => matchesLogFilter('{ $.eventName = "CreateUser" && }', event)).toThrow('unexpected end');
  });
});
