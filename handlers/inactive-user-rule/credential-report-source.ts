import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { isAwsErrorCode } from '../common/aws-errors';
import { CredentialReportTimeoutError } from './inactive-user-errors';

/** How long to wait for IAM to generate the report: polls, and the pause between them. */
export interface ReportWaiting {
  readonly attempts: number;
  readonly delayMs: number;
  readonly wait: (milliseconds: number) => Promise<void>;
}

export const defaultReportWaiting: ReportWaiting = {
  // Up to about four minutes, inside the function's five-minute timeout.
  attempts: 60,
  delayMs: 4000,
  wait: (milliseconds) => new Promise((resolve) => setTimeout(resolve, milliseconds)),
};

/**
 * Asks IAM for a credential report. IAM generates at most one every four hours and otherwise
 * serves the last one, so asking is cheap; the report is then read with {@link readCredentialReport}.
 */
export async function requestCredentialReport(iam: IAMClient): Promise<void> {
  await iam.send(new GenerateCredentialReportCommand({}));
}

/**
 * The credential report as CSV text, waiting while IAM still generates it and asking again if it
 * expired or vanished meanwhile. Throws {@link CredentialReportTimeoutError} when it is not ready
 * after `waiting.attempts` reads.
 */
export async function readCredentialReport(iam: IAMClient, waiting: ReportWaiting = defaultReportWaiting): Promise<string> {
  for (let attempt = 1; attempt <= waiting.attempts; attempt += 1) {
    try {
      const response = await iam.send(new GetCredentialReportCommand({}));
      return new TextDecoder().decode(response.Content ?? new Uint8Array());
    } catch (error) {
      if (isAwsErrorCode(error, 'CredentialReportExpiredException', 'CredentialReportNotPresentException')) {
        await requestCredentialReport(iam);
      } else if (!isAwsErrorCode(error, 'CredentialReportNotReadyException')) {
        throw error;
      }
      if (attempt < waiting.attempts) await waiting.wait(waiting.delayMs);
    }
  }
  throw new CredentialReportTimeoutError(`the IAM credential report was not ready after ${waiting.attempts} reads ${waiting.delayMs} ms apart`);
}
