/** The invocation is not one the handler accepts: malformed, or of an unexpected shape. */
export class InvalidEventError extends Error {
  constructor(
    message: string,
    /** What kind of event it looked like, for the log line. */
    readonly eventKind: string,
  ) {
    super(message);
    this.name = 'InvalidEventError';
  }
}
