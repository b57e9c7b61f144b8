import { Logger } from '@aws-lambda-powertools/logger';

/** One structured JSON logger per handler module (Powertools), named after the guard. */
export function guardLogger(serviceName: string): Logger {
  return new Logger({ serviceName });
}
