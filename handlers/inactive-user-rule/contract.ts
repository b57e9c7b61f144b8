/**
 * What the inactive-user-rule constructs (standalone and hub) and the function must agree on: the
 * Config rule's input parameters, written by {@link inactiveUserRuleParameters} and read by
 * {@link parseInactivityPolicy}. Pure: modules/ imports it, so no AWS SDK or logger here.
 */
import type { TextOf } from '../common/contract';
import { InvalidRuleParametersError } from '../config-rule/config-rule-errors';

/**
 * The Config rule's input parameters. Every value is a string (what the Config console shows and
 * edits); user names are comma-separated. A construct passes its `settingText` as `textOf`, so that
 * an exported module's variable stays a Terraform reference.
 *
 * @example
 * JSON.stringify(inactiveUserRuleParameters({ maxInactiveDays: 90, newUserGraceDays: 30, exemptUserNames: ['break-glass'], exemptTagKey: 'guards:inactive-user-exempt', judgeEachCredential: false }))
 * // '{"maxInactiveDays":"90","newUserGraceDays":"30","exemptTagKey":"guards:inactive-user-exempt","judgeEachCredential":"false","exemptUserNames":"break-glass"}'
 */
export function inactiveUserRuleParameters(
  settings: {
    readonly maxInactiveDays: number;
    readonly newUserGraceDays: number;
    readonly exemptUserNames: readonly string[];
    readonly exemptTagKey: string;
    readonly judgeEachCredential: boolean;
  },
  textOf: TextOf = String,
): Record<string, string> {
  return {
    maxInactiveDays: textOf(settings.maxInactiveDays),
    newUserGraceDays: textOf(settings.newUserGraceDays),
    exemptTagKey: settings.exemptTagKey,
    judgeEachCredential: textOf(settings.judgeEachCredential),
    ...(settings.exemptUserNames.length > 0 ? { exemptUserNames: settings.exemptUserNames.join(',') } : {}),
  };
}

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
  if (typeof value === 'string')
    return value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
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
