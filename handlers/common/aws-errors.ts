/**
 * The error name of an AWS SDK v3 failure, '' for anything else: what every check of "which error
 * was it" compares.
 *
 * SDK v3 sets `name` to the modelled exception's name (IAM `NoSuchEntityException`, SNS
 * `NotFoundException`, Config `NoSuchConfigRuleException`) and, for an error the service does not
 * model (every EC2 error, IAM `AccessDenied`), to the code AWS sent (`InvalidGroup.Duplicate`).
 * Query-protocol errors (IAM, SNS) also carry that wire code in `Code`, which differs from the name
 * (`NoSuchEntity`, `ReportInProgress` for `CredentialReportNotReadyException`), and JSON-protocol
 * errors (Config) have no `Code` at all: `name` is the one field every protocol sets the same way.
 */
export function awsErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const { name } = error as { name?: unknown };
  return typeof name === 'string' ? name : '';
}

/** Whether `error` is one of the SDK exceptions named (by their SDK `name`, see {@link awsErrorCode}). */
export function isAwsErrorCode(error: unknown, ...names: string[]): boolean {
  return names.includes(awsErrorCode(error));
}

/** `Name: message`, for reports a person reads. */
export function describeAwsError(error: unknown): string {
  const code = awsErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && code !== 'Error' && !message.startsWith(code) ? `${code}: ${message}` : message;
}
