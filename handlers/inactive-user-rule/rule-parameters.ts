import { InvalidRuleParametersError } from '../config-rule/config-rule-errors';

/** What the rule asks, read from its input parameters. */
export interface InactivityPolicy {
  readonly maxInactiveDays: number;
  /** How long a user that never used a credential may exist. */
  readonly newUserGraceDays: number;
  readonly exemptUserNames: ReadonlySet<string>;
  readonly exemptTagKey?: string;
  /**
   * Judge each active access key on its own: one unused (or, never used, created) more than
   * `maxInactiveDays` ago makes the user NON_COMPLIANT even when its other credentials are in daily
   * use, as the AWS managed rule iam-user-unused-credentials-check does. Off: only the user's latest
   * use of any credential counts.
   */
  readonly judgeEachCredential: boolean;
}

function wholeDays(parameters: Readonly<Record<string, unknown>>, key: string): number | undefined {
  const value = parameters[key];
  if (value === undefined || value === '') return undefined;
  const days = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1) {
    throw new InvalidRuleParametersError(`rule parameter ${key}: ${JSON.stringify(value)} is not a whole number of days >= 1`);
  }
  return days;
}

function names(value: unknown): string[] {
  if (value === undefined || value === '') return [];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(',').map((name) => name.trim()).filter((name) => name !== '');
  throw new InvalidRuleParametersError(`rule parameter exemptUserNames: ${JSON.stringify(value)} is not a list of user names`);
}

function flag(parameters: Readonly<Record<string, unknown>>, key: string): boolean {
  const value = parameters[key];
  if (value === undefined || value === '' || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  throw new InvalidRuleParametersError(`rule parameter ${key}: ${JSON.stringify(value)} is not true or false`);
}

const knownKeys = ['maxInactiveDays', 'newUserGraceDays', 'exemptUserNames', 'exemptTagKey', 'judgeEachCredential'];

/**
 * The policy from the rule's parameters: `maxInactiveDays` (required), `newUserGraceDays`
 * (default: `maxInactiveDays`), `exemptUserNames` (comma-separated or a JSON array),
 * `exemptTagKey`, `judgeEachCredential` (`true`/`false`, default false). Numbers may be JSON numbers or text. Throws {@link InvalidRuleParametersError}
 * naming the key on anything else.
 */
export function parseInactivityPolicy(parameters: Readonly<Record<string, unknown>>): InactivityPolicy {
  const unknown = Object.keys(parameters).filter((key) => !knownKeys.includes(key));
  if (unknown.length > 0) throw new InvalidRuleParametersError(`rule parameter ${unknown[0]} is unknown; expected ${knownKeys.join(', ')}`);
  const maxInactiveDays = wholeDays(parameters, 'maxInactiveDays');
  if (maxInactiveDays === undefined) throw new InvalidRuleParametersError('rule parameter maxInactiveDays is required, e.g. {"maxInactiveDays": "90"}');
  const exemptTagKey = parameters.exemptTagKey;
  if (exemptTagKey !== undefined && typeof exemptTagKey !== 'string') {
    throw new InvalidRuleParametersError(`rule parameter exemptTagKey: ${JSON.stringify(exemptTagKey)} is not a tag key`);
  }
  return {
    maxInactiveDays,
    newUserGraceDays: wholeDays(parameters, 'newUserGraceDays') ?? maxInactiveDays,
    exemptUserNames: new Set(names(parameters.exemptUserNames)),
    judgeEachCredential: flag(parameters, 'judgeEachCredential'),
    ...(exemptTagKey ? { exemptTagKey } : {}),
  };
}
