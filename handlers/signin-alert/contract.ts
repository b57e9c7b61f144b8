/**
 * What the signin-alert construct (standalone and hub) and the function must agree on: the
 * function's environment. Pure: modules/ imports it, so no AWS SDK or logger here.
 */
import { EnvironmentValues, TextOf, alertTopicArnVariable, flag, readEnvironment, serviceNameVariable, variable, writeEnvironment } from '../common/contract';

export const signInAlertEnvironment = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
  /** Report only root, no-MFA and failed sign-ins. */
  riskySignInsOnly: variable('RISKY_SIGN_INS_ONLY', flag),
} as const;
export type SignInAlertEnvironment = EnvironmentValues<typeof signInAlertEnvironment>;

export function readSignInAlertEnvironment(env: NodeJS.ProcessEnv = process.env): SignInAlertEnvironment {
  return readEnvironment(signInAlertEnvironment, env);
}
export function writeSignInAlertEnvironment(values: SignInAlertEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(signInAlertEnvironment, values, textOf);
}
