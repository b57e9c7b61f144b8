/**
 * A small EventBridge event pattern matcher (used by the tests and by `npm run replay`) for the operators the guards' rules use:
 * exact values (string, number, boolean, null), `prefix`, `suffix`, `wildcard` (`*` for any run of
 * characters, `\\*` a literal star), `anything-but` (a value, a list or a
 * prefix), `exists`, `numeric`, and `$or` (a list of sub-patterns, any of which may match). No maintained matcher exists in the npm registry (`eb-patterns`
 * is not published there). Its own tests are in __tests__/modules/event-pattern-matcher.test.ts.
 *
 * The guards' rules are judged by the emulator's EventBridge (__tests__/emulator/event-patterns.test.ts),
 * which agreed with this matcher on every rule and event there; this matcher is left for what the
 * emulator cannot put on its bus: events of another account (PutEvents stamps the caller's account).
 *
 * Semantics, as EventBridge documents them: every field of the pattern must match; a leaf is a list
 * of alternatives; an event array matches when any element does; a missing field matches only
 * `{exists: false}`. An operator it does not know throws, so a test can never pass by accident.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export class UnsupportedPatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedPatternError';
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const numericOperators: Record<string, (left: number, right: number) => boolean> = {
  '=': (left, right) => left === right,
  '<': (left, right) => left < right,
  '<=': (left, right) => left <= right,
  '>': (left, right) => left > right,
  '>=': (left, right) => left >= right,
};

function matchesNumeric(conditions: unknown, value: unknown): boolean {
  if (!Array.isArray(conditions) || conditions.length === 0 || conditions.length % 2 !== 0) {
    throw new UnsupportedPatternError(`numeric: expected [operator, number, ...], got ${JSON.stringify(conditions)}`);
  }
  if (typeof value !== 'number') return false;
  for (let index = 0; index < conditions.length; index += 2) {
    const compare = numericOperators[String(conditions[index])];
    const right = conditions[index + 1];
    if (!compare || typeof right !== 'number') throw new UnsupportedPatternError(`numeric: bad condition ${JSON.stringify(conditions)}`);
    if (!compare(value, right)) return false;
  }
  return true;
}

function matchesAnythingBut(excluded: unknown, value: unknown): boolean {
  if (isPlainObject(excluded)) {
    if (typeof excluded.prefix !== 'string' || Object.keys(excluded).length !== 1) {
      throw new UnsupportedPatternError(`anything-but: only {prefix} is supported, got ${JSON.stringify(excluded)}`);
    }
    return typeof value === 'string' && !value.startsWith(excluded.prefix);
  }
  const values = Array.isArray(excluded) ? excluded : [excluded];
  return !values.some((candidate) => candidate === value);
}

/** A wildcard pattern as an anchored expression: `*` any run of characters, `\\*` and `\\\\` literal. */
function wildcardExpression(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index];
    if (character === '\\' && (pattern[index + 1] === '*' || pattern[index + 1] === '\\')) {
      source += `\\${pattern[++index]}`;
    } else if (character === '*') {
      source += '.*';
    } else {
      source += character.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

/** Whether one leaf alternative matches one (non-missing, non-array) event value. */
function matchesAlternative(alternative: unknown, value: unknown): boolean {
  if (!isPlainObject(alternative)) return alternative === value;
  const operators = Object.keys(alternative);
  if (operators.length !== 1) throw new UnsupportedPatternError(`expected one operator per matcher, got ${JSON.stringify(alternative)}`);
  const [operator] = operators;
  const argument = alternative[operator];
  switch (operator) {
    case 'prefix':
      if (typeof argument !== 'string') throw new UnsupportedPatternError(`prefix: expected a string, got ${JSON.stringify(argument)}`);
      return typeof value === 'string' && value.startsWith(argument);
    case 'suffix':
      if (typeof argument !== 'string') throw new UnsupportedPatternError(`suffix: expected a string, got ${JSON.stringify(argument)}`);
      return typeof value === 'string' && value.endsWith(argument);
    case 'wildcard':
      if (typeof argument !== 'string') throw new UnsupportedPatternError(`wildcard: expected a string, got ${JSON.stringify(argument)}`);
      return typeof value === 'string' && wildcardExpression(argument).test(value);
    case 'anything-but':
      return matchesAnythingBut(argument, value);
    case 'numeric':
      return matchesNumeric(argument, value);
    case 'exists':
      return argument === true;
    default:
      throw new UnsupportedPatternError(`operator ${operator} is not supported by this test matcher`);
  }
}

function matchesLeaf(alternatives: unknown[], present: boolean, value: unknown): boolean {
  if (!present) return alternatives.some((alternative) => isPlainObject(alternative) && alternative.exists === false);
  const values = Array.isArray(value) ? value : [value];
  return alternatives.some((alternative) => {
    if (isPlainObject(alternative) && alternative.exists === false) return false;
    return values.some((element) => matchesAlternative(alternative, element));
  });
}

function matchesObject(pattern: Record<string, unknown>, event: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or') {
      if (!Array.isArray(expected) || expected.length < 2 || !expected.every(isPlainObject)) {
        throw new UnsupportedPatternError(`$or: expected a list of at least two sub-patterns, got ${JSON.stringify(expected)}`);
      }
      return expected.some((alternative) => matchesObject(alternative as Record<string, unknown>, event));
    }
    const present = isPlainObject(event) && key in event;
    const value = present ? (event as Record<string, unknown>)[key] : undefined;
    if (Array.isArray(expected)) return matchesLeaf(expected, present, value);
    if (isPlainObject(expected)) {
      if (!present) return false;
      const candidates = Array.isArray(value) ? value : [value];
      return candidates.some((candidate) => isPlainObject(candidate) && matchesObject(expected, candidate));
    }
    throw new UnsupportedPatternError(`${key}: a pattern field must be a list or an object, got ${JSON.stringify(expected)}`);
  });
}

/** Whether an EventBridge event pattern (object or JSON text) matches an event. */
export function matchesEventPattern(pattern: Json | string | Record<string, unknown>, event: unknown): boolean {
  const parsed: unknown = typeof pattern === 'string' ? JSON.parse(pattern) : pattern;
  if (!isPlainObject(parsed)) throw new UnsupportedPatternError('an event pattern must be a JSON object');
  return matchesObject(parsed, event);
}
