/** The error code of an AWS SDK v3 failure (`name`, or `Code` for some EC2 errors); '' for others. */
export function awsErrorCode(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const candidate = error as { name?: unknown; Code?: unknown };
  if (typeof candidate.Code === 'string') return candidate.Code;
  return typeof candidate.name === 'string' ? candidate.name : '';
}

export function isAwsErrorCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes(awsErrorCode(error));
}

/** `Code: message`, for reports a person reads. */
export function describeAwsError(error: unknown): string {
  const code = awsErrorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && code !== 'Error' && !message.startsWith(code) ? `${code}: ${message}` : message;
}
