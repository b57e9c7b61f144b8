import type { Suppression } from '../../handlers/common/suppression';
import { suppressionsVariable } from '../../handlers/common/suppression-contract';
import { writeEnvironment } from '../../handlers/common/contract';
import type { PolicyStatement } from './iam-policy';
import { AlertRouting, publishesAlerts } from './alert-routing';
import { serviceNameVariable } from '../../handlers/common/contract';
import { detectionsEnvironment } from '../../handlers/detections/contract';

/**
 * Which of the config's suppressions reach which alerting function, decided at synth so that each
 * function carries only its own in its 4 KB environment.
 */

/**
 * The suppressions of one stack: those whose account and region are the stack's (or unset). The
 * account and region are left out of what the functions get: synth has matched them, and a
 * standalone function does not know its account id.
 */
export function stackSuppressions(suppressions: readonly Suppression[], stack: { readonly accountId: string; readonly region: string }): Suppression[] {
  return suppressions
    .filter((suppression) => (suppression.accountId ?? stack.accountId) === stack.accountId && (suppression.region ?? stack.region) === stack.region)
    .map(({ accountId: _accountId, region: _region, ...rest }) => rest);
}

/**
 * The suppressions a hub function of one region gets: those whose region is that one (or unset),
 * whole. One hub function serves every member, so it matches the account itself, on the member
 * account the event names (the handlers' facts); and the weekly digest, which lists them all, finds
 * each one's count under the same key (suppressionKey hashes every field).
 */
export function hubRegionSuppressions(suppressions: readonly Suppression[], region: string): Suppression[] {
  return suppressions.filter((suppression) => (suppression.region ?? region) === region);
}

/**
 * The part of Lambda's 4 KB environment (keys and values together,
 * https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html) that one function's
 * suppressions may take: the guard's own variables keep the rest.
 */
export const maxSuppressionsBytes = 2048;

/**
 * The SUPPRESSIONS variable of the function of `guardName`: the stack's suppressions of that guard,
 * of any guard, or (the detections guard) of a detection it runs. Throws, naming the guard and the
 * size, when they do not fit.
 */
export function suppressionVariables(suppressions: readonly Suppression[], guardName: string, detectionIds: readonly string[] = []): Record<string, string> {
  const applying = suppressions.filter(
    (suppression) => suppression.guard === undefined || suppression.guard === guardName || detectionIds.includes(suppression.guard),
  );
  if (applying.length === 0) return {};
  const variables = writeEnvironment({ suppressions: suppressionsVariable }, { suppressions: applying });
  const bytes = Buffer.byteLength(`${suppressionsVariable.name}${variables[suppressionsVariable.name]}`, 'utf8');
  if (bytes > maxSuppressionsBytes) {
    throw new Error(
      `suppressions: the ${applying.length} that apply to ${guardName} take ${bytes} bytes of its Lambda environment, more than ${maxSuppressionsBytes} (Lambda allows 4 KB for all its variables): merge them (a principalArn pattern with *, a tag) or remove expired ones`,
    );
  }
  return variables;
}

/**
 * What a guard function gets for the stack's suppressions: the variable, where its role publishes
 * to the alert topic (a function that never alerts needs none). No grant: the counts are log lines.
 */
export function functionSuppressions(props: {
  readonly routing?: AlertRouting;
  readonly statements: readonly PolicyStatement[];
  readonly variables?: Readonly<Record<string, string>>;
}): Record<string, string> {
  const { routing } = props;
  const guardName = props.variables?.[serviceNameVariable.name];
  // A function that writes its own (the digest, which lists them all) keeps them.
  if (!routing || !publishesAlerts(routing, props.statements) || !guardName || props.variables?.[suppressionsVariable.name] !== undefined) return {};
  // The detections function: a suppression may name one of the detections it runs.
  const detections = props.variables?.[detectionsEnvironment.detections.name]?.split(',') ?? [];
  return suppressionVariables(routing.suppressions, guardName, detections);
}
