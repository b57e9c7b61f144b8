import { processEnvironment } from './contract';
/**
 * A guard function refuses to run in a runtime someone reconfigured (issue 19): code signing covers
 * the zip, not `UpdateFunctionConfiguration`, which can make Node load other code first.
 *
 * What is checked, and why only the environment: each variable below makes the runtime run or
 * trust code that is not the signed zip, and none is set by Lambda or by the guards' Terraform
 * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
 * lists what Lambda sets; NODE_EXTRA_CA_CERTS makes Node trust another CA for the SDK's TLS; a wrapper script from a layer needs `AWS_LAMBDA_EXEC_WRAPPER`,
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-modify.html#runtime-wrapper). Reading the
 * function's own configuration (`GetFunctionConfiguration`, for its layers) would cost an API call
 * and a grant per cold start, and a caller who can change the configuration can change what it
 * returns to a taken-over function no less. Not seen from here: a layer that only adds files under
 * /opt or an extension process; the tamper alert on `UpdateFunctionConfiguration` and the hub SCP
 * cover those. A `NODE_OPTIONS=--require` payload has run before this check: the refusal makes the
 * change loud (every invocation fails, the error alarm fires), it does not undo what ran.
 *
 * Checked only inside Lambda (`AWS_LAMBDA_FUNCTION_NAME`, a reserved variable no configuration can
 * set or remove), so that a developer's own NODE_OPTIONS does not fail the handler tests.
 */
export const forbiddenRuntimeVariables = ['NODE_OPTIONS', 'AWS_LAMBDA_EXEC_WRAPPER', 'LD_PRELOAD', 'NODE_EXTRA_CA_CERTS'] as const;

/**
 * The one value of a forbidden variable that is allowed: Lambda's own bundle of Amazon CA
 * certificates, which AWS documents setting NODE_EXTRA_CA_CERTS to
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html, "Amazon CA certificates").
 */
const allowedValues: Partial<Record<(typeof forbiddenRuntimeVariables)[number], string>> = { NODE_EXTRA_CA_CERTS: '/var/runtime/ca-cert.pem' };

export class RuntimeTamperedError extends Error {
  constructor(problem: string) {
    super(`refusing to run: ${problem}`);
    this.name = 'RuntimeTamperedError';
  }
}

/** Throws {@link RuntimeTamperedError} naming every forbidden variable that is set. */
export function assertUntamperedRuntime(env: NodeJS.ProcessEnv = processEnvironment()): void {
  if (env.AWS_LAMBDA_FUNCTION_NAME === undefined) return;
  const set = forbiddenRuntimeVariables.filter((name) => env[name] !== undefined && env[name] !== '' && env[name] !== allowedValues[name]);
  if (set.length > 0) {
    throw new RuntimeTamperedError(
      `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set in the function's configuration (each makes Node run or trust code outside the signed zip); remove ${set.length === 1 ? 'it' : 'them'} and find who changed the function`,
    );
  }
}
