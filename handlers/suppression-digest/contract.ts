/**
 * What the suppression-digest function and its construct (modules/common/suppression-digest.ts)
 * agree on. Pure: modules/ imports it.
 */
import {
  EnvironmentValues,
  alertTopicArnVariable,
  commaSeparatedList,
  optionalVariable,
  readEnvironment,
  serviceNameVariable,
  variable,
} from '../common/contract';
import { suppressionsVariable } from '../common/suppression-contract';

/** The digest's name: its function, its service name and its alert's sender. */
export const suppressionDigestName = 'suppression-digest';

export const suppressionDigestEnvironment = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
  // Every suppression of the stack, whichever guard it names: the digest lists them all.
  suppressions: variable(suppressionsVariable.name, suppressionsVariable.type),
  // Hub mode: every hub region, whose functions count their suppressed alerts in their own region's
  // CloudWatch. Absent (standalone): the function's own region.
  metricRegions: optionalVariable('DIGEST_METRIC_REGIONS', commaSeparatedList({ nonEmpty: true })),
} as const;
export type SuppressionDigestEnvironment = EnvironmentValues<typeof suppressionDigestEnvironment>;

export function readSuppressionDigestEnvironment(env: NodeJS.ProcessEnv = process.env): SuppressionDigestEnvironment {
  return readEnvironment(suppressionDigestEnvironment, env);
}

/** Once a week, Monday 08:00 UTC: the week it covers ends then. */
export const suppressionDigestSchedule = 'cron(0 8 ? * MON *)';
export const digestWindowDays = 7;
