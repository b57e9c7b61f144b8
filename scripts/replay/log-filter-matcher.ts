/**
 * A small matcher for the CloudWatch Logs JSON filter patterns the guards use (the replay's log
 * subscriptions, and the tests):
 * `{ $.field.path = "value" }` and `!=`, the value quoted or not, `*` in it standing for any run of
 * characters (`{ $.sourceIPAddress != 123.123.* }`), `{ $.field NOT EXISTS }`, joined with `&&` and
 * `||`, grouped with parentheses (the CIS patterns use all of these,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/matching-terms-json-log-events.html).
 * Anything else throws, so that neither a test nor a replay can match by accident. Its own tests are in
 * __tests__/modules/log-filter-matcher.test.ts.
 */

type Token =
  | { kind: 'open' | 'close' | 'and' | 'or' }
  | { kind: 'comparison'; path: string[]; operator: '=' | '!='; value: string }
  | { kind: 'not-exists'; path: string[] };

function tokenize(body: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s*(?:(\()|(\))|(&&)|(\|\|)|\$\.([A-Za-z0-9_.]+)\s*(=|!=)\s*(?:"([^"]*)"|([^\s()&|"]+))|\$\.([A-Za-z0-9_.]+)\s+NOT EXISTS)/y;
  let index = 0;
  while (index < body.length) {
    if (/^\s*$/.test(body.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(body);
    if (!match) throw new Error(`unsupported filter pattern syntax at: ${body.slice(index)}`);
    index = pattern.lastIndex;
    if (match[1]) tokens.push({ kind: 'open' });
    else if (match[2]) tokens.push({ kind: 'close' });
    else if (match[3]) tokens.push({ kind: 'and' });
    else if (match[4]) tokens.push({ kind: 'or' });
    else if (match[9]) tokens.push({ kind: 'not-exists', path: match[9].split('.') });
    else tokens.push({ kind: 'comparison', path: match[5].split('.'), operator: match[6] as '=' | '!=', value: match[7] ?? match[8] });
  }
  return tokens;
}

function valueAt(event: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (current, name) => (typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[name] : undefined),
    event,
  );
}

/** `*` in a filter value stands for any run of characters; everything else is literal. */
function wildcardEquals(expected: string, value: string): boolean {
  if (!expected.includes('*')) return value === expected;
  const expression = expected
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`).test(value);
}

/** Whether a CloudWatch Logs JSON filter pattern matches a log event that is this JSON document. */
export function matchesLogFilter(filterPattern: string, event: unknown): boolean {
  const trimmed = filterPattern.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) throw new Error(`not a JSON filter pattern: ${filterPattern}`);
  const tokens = tokenize(trimmed.slice(1, -1));
  let position = 0;

  // expression := term ('||' term)* ; term := factor ('&&' factor)* ; factor := comparison | '(' expression ')'
  // (CloudWatch Logs gives && and || equal precedence only within parentheses; the guards always parenthesize.)
  function expression(): boolean {
    let result = term();
    while (tokens[position]?.kind === 'or') {
      position += 1;
      result = term() || result;
    }
    return result;
  }
  function term(): boolean {
    let result = factor();
    while (tokens[position]?.kind === 'and') {
      position += 1;
      result = factor() && result;
    }
    return result;
  }
  function factor(): boolean {
    const token = tokens[position];
    position += 1;
    if (token?.kind === 'open') {
      const result = expression();
      if (tokens[position]?.kind !== 'close') throw new Error(`unbalanced parentheses in ${filterPattern}`);
      position += 1;
      return result;
    }
    if (token?.kind === 'not-exists') return valueAt(event, token.path) === undefined;
    if (token?.kind === 'comparison') {
      const value = valueAt(event, token.path);
      const equal = typeof value === 'string' && wildcardEquals(token.value, value);
      return token.operator === '=' ? equal : !equal;
    }
    throw new Error(`unexpected ${token ? token.kind : 'end'} in ${filterPattern}`);
  }

  const result = expression();
  if (position !== tokens.length) throw new Error(`unexpected ${tokens[position].kind} in ${filterPattern}`);
  return result;
}
