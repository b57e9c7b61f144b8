/** The IAM credential report is not in the format IAM documents. */
export class CredentialReportFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialReportFormatError';
  }
}

/** IAM did not finish the credential report within the time the handler waits. */
export class CredentialReportTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CredentialReportTimeoutError';
  }
}
