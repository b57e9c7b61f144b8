import { UnsupportedPatternError, matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';

// The test-only matcher the guards' event-pattern tests rely on: it must say no as readily as yes.
describe('matchesEventPattern (test-only EventBridge matcher)', () => {
  const event = {
    source: 'aws.ec2',
    'detail-type': 'AWS API Call via CloudTrail',
    detail: {
      eventName: 'AuthorizeSecurityGroupIngress',
      eventSource: 'ec2.amazonaws.com',
      severity: 7.5,
      readOnly: false,
      errorCode: null,
      tags: ['prod', 'web'],
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::111122223333:assumed-role/Admin/alan' },
    },
  };

  it('matches exact strings, numbers, booleans and null, any of the listed values', () => {
    expect(matchesEventPattern({ source: ['aws.iam', 'aws.ec2'] }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.iam'] }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { severity: [7.5], readOnly: [false], errorCode: [null] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { readOnly: [true] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { severity: ['7.5'] } }, event)).toBe(false);
  });

  it('requires every field, nested objects included', () => {
    expect(matchesEventPattern({ source: ['aws.ec2'], detail: { eventName: ['AuthorizeSecurityGroupIngress'] } }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.ec2'], detail: { eventName: ['CreateSecurityGroup'] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { userIdentity: { type: ['AssumedRole'] } } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { missing: { type: ['AssumedRole'] } } }, event)).toBe(false);
    expect(matchesEventPattern({ source: { nested: ['x'] } }, event)).toBe(false);
  });

  it('matches an event array when any element matches', () => {
    expect(matchesEventPattern({ detail: { tags: ['web'] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { tags: ['dev'] } }, event)).toBe(false);
  });

  it('supports prefix', () => {
    expect(matchesEventPattern({ detail: { eventName: [{ prefix: 'Authorize' }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ prefix: 'Revoke' }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { severity: [{ prefix: '7' }] } }, event)).toBe(false);
  });

  it('supports anything-but with a value, a list and a prefix; a missing field never matches it', () => {
    expect(matchesEventPattern({ source: [{ 'anything-but': 'aws.iam' }] }, event)).toBe(true);
    expect(matchesEventPattern({ source: [{ 'anything-but': ['aws.iam', 'aws.ec2'] }] }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': { prefix: 'Revoke' } }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ 'anything-but': { prefix: 'Auth' } }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { nothing: [{ 'anything-but': 'x' }] } }, event)).toBe(false);
  });

  it('supports exists true and false', () => {
    expect(matchesEventPattern({ detail: { eventName: [{ exists: true }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { nothing: [{ exists: true }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { nothing: [{ exists: false }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ exists: false }] } }, event)).toBe(false);
  });

  it('supports numeric ranges, on numbers only', () => {
    expect(matchesEventPattern({ detail: { severity: [{ numeric: ['>=', 7] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { severity: [{ numeric: ['>', 7, '<', 7.5] }] } }, event)).toBe(false);
    expect(matchesEventPattern({ detail: { severity: [{ numeric: ['>', 7, '<=', 7.5] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { severity: [{ numeric: ['=', 7.5] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ detail: { eventName: [{ numeric: ['>', 0] }] } }, event)).toBe(false);
  });

  it('supports $or: any of its sub-patterns, at the top or nested, beside other fields', () => {
    expect(matchesEventPattern({ $or: [{ source: ['aws.iam'] }, { source: ['aws.ec2'] }] }, event)).toBe(true);
    expect(matchesEventPattern({ $or: [{ source: ['aws.iam'] }, { 'detail-type': ['nope'] }] }, event)).toBe(false);
    expect(matchesEventPattern({ source: ['aws.ec2'], detail: { $or: [{ severity: [{ numeric: ['>=', 7] }] }, { eventName: ['nope'] }] } }, event)).toBe(true);
    expect(matchesEventPattern({ source: ['aws.iam'], $or: [{ source: ['aws.ec2'] }, { source: ['aws.ec2'] }] }, event)).toBe(false);
    expect(() => matchesEventPattern({ $or: [{ source: ['aws.ec2'] }] }, event)).toThrow(UnsupportedPatternError);
  });

  it('reads a pattern given as JSON text, as the synthesized rules hold it', () => {
    expect(matchesEventPattern(JSON.stringify({ source: ['aws.ec2'] }), event)).toBe(true);
  });

  it('matches wildcard on whole strings: a star for any run of characters, an escaped star literally', () => {
    const policy = { a: [{ wildcard: 'arn:*:iam::*:policy/guards-*' }] };
    expect(matchesEventPattern(policy, { a: 'arn:aws:iam::222222222222:policy/guards-region-lockdown-us-east-1' })).toBe(true);
    expect(matchesEventPattern(policy, { a: 'arn:aws:iam::222222222222:policy/team-guards-x' })).toBe(false);
    expect(matchesEventPattern(policy, { a: 'xarn:aws:iam::222222222222:policy/guards-x' })).toBe(false);
    expect(matchesEventPattern({ a: [{ wildcard: 'a\\*b' }] }, { a: 'a*b' })).toBe(true);
    expect(matchesEventPattern({ a: [{ wildcard: 'a\\*b' }] }, { a: 'axxb' })).toBe(false);
    expect(matchesEventPattern({ a: [{ wildcard: 'a.b' }] }, { a: 'axb' })).toBe(false);
    expect(matchesEventPattern(policy, { a: 1 })).toBe(false);
  });

  it('matches suffix on strings only', () => {
    expect(matchesEventPattern({ a: [{ suffix: ':policy/deny' }] }, { a: 'arn:aws:iam::1:policy/deny' })).toBe(true);
    expect(matchesEventPattern({ a: [{ suffix: ':policy/deny' }] }, { a: 'arn:aws:iam::1:policy/deny-2' })).toBe(false);
    expect(matchesEventPattern({ a: [{ suffix: '1' }] }, { a: 1 })).toBe(false);
  });

  it('refuses operators and shapes it does not implement instead of guessing', () => {
    expect(() => matchesEventPattern({ source: [{ 'equals-ignore-case': 'AWS.EC2' }] }, event)).toThrow(UnsupportedPatternError);
    expect(() => matchesEventPattern({ source: [{ wildcard: 1 }] } as never, event)).toThrow(UnsupportedPatternError);
    expect(() => matchesEventPattern({ source: [{ suffix: 1 }] } as never, event)).toThrow(UnsupportedPatternError);
    expect(() => matchesEventPattern({ source: [{ prefix: 'a', exists: true }] }, event)).toThrow(UnsupportedPatternError);
    expect(() => matchesEventPattern({ source: 'aws.ec2' } as never, event)).toThrow(UnsupportedPatternError);
    expect(() => matchesEventPattern({ detail: { severity: [{ numeric: ['~', 1] }] } }, event)).toThrow(UnsupportedPatternError);
    expect(() => matchesEventPattern({ source: [{ 'anything-but': { suffix: 'x' } }] }, event)).toThrow(UnsupportedPatternError);
  });

  it('matches $or: any of its sub-patterns, at the level where it stands', () => {
    const pattern = { detail: { $or: [{ eventName: ['A'], name: [{ prefix: 'g-' }] }, { eventName: ['B'] }] } };
    expect(matchesEventPattern(pattern, { detail: { eventName: 'A', name: 'g-1' } })).toBe(true);
    expect(matchesEventPattern(pattern, { detail: { eventName: 'A', name: 'x-1' } })).toBe(false);
    expect(matchesEventPattern(pattern, { detail: { eventName: 'B' } })).toBe(true);
    expect(() => matchesEventPattern({ $or: [{ a: [1] }] }, {})).toThrow('$or: expected a list of at least two sub-patterns');
  });
});
