import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One structured JSON logger per handler module (Powertools), named after the guard. Without a
 * name, Powertools takes POWERTOOLS_SERVICE_NAME, which the construct writes (one handler run by
 * several guards, such as cloudtrail-alert, logs under each guard's name).
 */
export function guardLogger(serviceName?: string): Logger {
  return new Logger(serviceName === undefined ? {} : { serviceName });
}
