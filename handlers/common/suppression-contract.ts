/**
 * The suppressions that apply to one alerting function, as its construct writes them: the config's
 * `suppressions:` filtered at synth to the function's guard (or, for the detections guard, its
 * detections), account and region. Pure: modules/ imports it.
 */
import type { Suppression } from './suppression';
import { VariableType, invalidVariable, optionalVariable } from './contract';

/** CloudWatch namespace, metric and dimension of the suppressed-alert counts (one definition for the function and the digest). */
export const suppressionMetric = { namespace: 'SecurityGuards/Suppressions', metricName: 'SuppressedAlerts', dimension: 'Suppression' } as const;

const suppressionList: VariableType<readonly Suppression[]> = {
  decode: (value, name) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      throw invalidVariable(name, 'a JSON list of suppressions', value);
    }
    const valid = (item: unknown): item is Suppression =>
      typeof item === 'object' &&
      item !== null &&
      typeof (item as Suppression).owner === 'string' &&
      typeof (item as Suppression).reason === 'string' &&
      typeof (item as Suppression).expires === 'string';
    if (!Array.isArray(parsed) || !parsed.every(valid)) throw invalidVariable(name, 'a JSON list of suppressions (owner, reason, expires)', value);
    return parsed;
  },
  encode: (value) => JSON.stringify(value),
};

/** Set only on an alerting function that at least one suppression applies to. */
export const suppressionsVariable = /* @__PURE__ */ optionalVariable('SUPPRESSIONS', suppressionList);
