import { matchesLogFilter } from '../../scripts/replay/log-filter-matcher';

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

  // The examples of https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html
  it("matches AWS's documented examples: an unquoted value with a wildcard, and NOT EXISTS", () => {
    expect(matchesLogFilter('{ $.eventType = "UpdateTrail" }', { eventType: 'UpdateTrail' })).toBe(true);
    expect(matchesLogFilter('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '123.123.0.7' })).toBe(false);
    expect(matchesLogFilter('{ $.sourceIPAddress != 123.123.* }', { sourceIPAddress: '123.124.0.7' })).toBe(true);
    expect(matchesLogFilter('{ $.SomeOtherObject NOT EXISTS }', { SomeObject: null })).toBe(true);
    expect(matchesLogFilter('{ $.SomeObject NOT EXISTS }', { SomeObject: 'x' })).toBe(false);
  });

  it('reads a quoted wildcard at either end (the CIS unauthorized-calls pattern) and unspaced comparisons', () => {
    expect(matchesLogFilter('{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}', { errorCode: 'Client.UnauthorizedOperation' })).toBe(
      true,
    );
    expect(matchesLogFilter('{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}', { errorCode: 'AccessDeniedException' })).toBe(true);
    expect(matchesLogFilter('{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}', { errorCode: 'ThrottlingException' })).toBe(false);
    expect(
      matchesLogFilter('{($.eventSource=kms.amazonaws.com) && ($.eventName=DisableKey)}', { eventSource: 'kms.amazonaws.com', eventName: 'DisableKey' }),
    ).toBe(true);
    expect(
      matchesLogFilter('{($.eventSource=kms.amazonaws.com) && ($.eventName=DisableKey)}', { eventSource: 'kmsXamazonaws.com', eventName: 'DisableKey' }),
    ).toBe(false);
  });

  it('refuses syntax it does not implement', () => {
    expect(() => matchesLogFilter('401', event)).toThrow('not a JSON filter pattern');
    expect(() => matchesLogFilter('{ $.count > 2 }', event)).toThrow('unsupported filter pattern syntax');
    expect(() => matchesLogFilter('{ ($.eventName = "CreateUser" }', event)).toThrow('unbalanced parentheses');
    expect(() => matchesLogFilter('{ $.eventName = "CreateUser" && }', event)).toThrow('unexpected end');
  });
});
