/**
 * An AWS SDK v3 service error shaped as the clients throw it for query-protocol services such as
 * IAM: `name` is the SDK's exception class (`NoSuchEntityException`), `Code` the wire error code
 * (`NoSuchEntity`), `$fault` who is to blame, `$metadata` the HTTP status. For fault injection only.
 */
export class SdkServiceError extends Error {
  readonly Code: string;
  readonly $fault: 'client' | 'server';
  readonly $metadata: { httpStatusCode: number; requestId: string; attempts: number; totalRetryDelay: number };

  constructor(options: { name: string; code: string; message: string; httpStatusCode: number; fault?: 'client' | 'server' }) {
    super(options.message);
    this.name = options.name;
    this.Code = options.code;
    this.$fault = options.fault ?? (options.httpStatusCode >= 500 ? 'server' : 'client');
    this.$metadata = { httpStatusCode: options.httpStatusCode, requestId: '7a62c49f-347e-4fc4-9331-6e8eEXAMPLE', attempts: 1, totalRetryDelay: 0 };
  }
}

/** IAM's not-found error as the SDK throws it. */
export function iamNoSuchEntity(message: string): SdkServiceError {
  return new SdkServiceError({ name: 'NoSuchEntityException', code: 'NoSuchEntity', message, httpStatusCode: 404 });
}

/** IAM's quota error as the SDK throws it. */
export function iamLimitExceeded(message: string): SdkServiceError {
  return new SdkServiceError({ name: 'LimitExceededException', code: 'LimitExceeded', message, httpStatusCode: 409 });
}
