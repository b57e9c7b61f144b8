/**
 * Errors shaped like the ones AWS SDK v3 clients really throw, for stubs that inject faults.
 *
 * What the SDK throws (seen against the moto emulator, `__tests__/emulator/sdk-errors.test.ts`):
 * - IAM and SNS (query protocol): the modelled exception class, `name` its name (`NoSuchEntityException`),
 *   `Code` the wire code AWS sends (`NoSuchEntity`), `Type` `Sender`/`Receiver`, `$fault`, `$metadata`.
 * - EC2 (ec2 protocol, no modelled errors): an `EC2ServiceException` whose `name` and `Code` are both the
 *   wire code (`InvalidGroup.Duplicate`).
 * - Config (JSON protocol): the modelled exception class, `name` only (no `Code`).
 * An error the service does not model (IAM `AccessDenied`) is the client's base exception, `name` = `Code`.
 *
 * The wire code and HTTP status of a modelled error are read from the SDK's own error schema, not
 * written here, so a stub cannot drift from the client.
 */
import * as configService from '@aws-sdk/client-config-service';
import * as ec2 from '@aws-sdk/client-ec2';
import * as iam from '@aws-sdk/client-iam';
import * as s3 from '@aws-sdk/client-s3';
import * as sns from '@aws-sdk/client-sns';
import * as sts from '@aws-sdk/client-sts';

export type SdkService = 'iam' | 'sns' | 'ec2' | 'config' | 'sts' | 's3';

type ExceptionClass = new (options: Record<string, unknown>) => Error & Record<string, unknown>;

interface ServiceModule {
  /** The client package's exports: exception classes, and their schemas under `<name>$`. */
  readonly exports: Readonly<Record<string, unknown>>;
  readonly baseException: ExceptionClass;
  readonly protocol: 'query' | 'ec2' | 'json' | 'rest-xml';
}

const services: Readonly<Record<SdkService, ServiceModule>> = {
  iam: { exports: iam, baseException: iam.IAMServiceException as unknown as ExceptionClass, protocol: 'query' },
  sns: { exports: sns, baseException: sns.SNSServiceException as unknown as ExceptionClass, protocol: 'query' },
  ec2: { exports: ec2, baseException: ec2.EC2ServiceException as unknown as ExceptionClass, protocol: 'ec2' },
  // STS (query protocol): AccessDenied is not modelled, like IAM's.
  sts: { exports: sts, baseException: sts.STSServiceException as unknown as ExceptionClass, protocol: 'query' },
  // S3 (REST-XML): AccessDenied is not modelled; NoSuchKey is.
  s3: { exports: s3, baseException: s3.S3ServiceException as unknown as ExceptionClass, protocol: 'rest-xml' },
  config: { exports: configService, baseException: configService.ConfigServiceServiceException as unknown as ExceptionClass, protocol: 'json' },
};

/** The error traits of a modelled exception's schema: `[-3, namespace, name, traits, ...]`. */
interface ErrorTraits {
  readonly awsQueryError?: readonly [string, number];
  readonly error?: 'client' | 'server';
  readonly httpError?: number;
}

function modelled(service: ServiceModule, name: string): { exceptionClass: ExceptionClass; traits: ErrorTraits } | undefined {
  const exceptionClass = service.exports[name];
  const schema = service.exports[`${name}$`];
  if (typeof exceptionClass !== 'function' || !Array.isArray(schema)) return undefined;
  return { exceptionClass: exceptionClass as ExceptionClass, traits: (schema[3] ?? {}) as ErrorTraits };
}

export type SdkError = Error & {
  readonly name: string;
  readonly Code?: string;
  readonly $fault: 'client' | 'server';
  readonly $metadata: { readonly httpStatusCode: number; readonly requestId: string; readonly attempts: number; readonly totalRetryDelay: number };
};

/**
 * The error a `service` client throws for the exception `name` (as the SDK names it: IAM
 * `NoSuchEntityException`, SNS `AuthorizationErrorException`, EC2 `InvalidGroup.Duplicate`, or an
 * unmodelled code such as IAM `AccessDenied`). `httpStatusCode` defaults to the modelled one, else 400.
 *
 * @example
 * iamStub.on(GetUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'The user policy cannot be found.'));
 * // name 'NoSuchEntityException', Code 'NoSuchEntity', $fault 'client', $metadata.httpStatusCode 404
 */
export function sdkError(service: SdkService, name: string, message = name, httpStatusCode?: number): SdkError {
  const module = services[service];
  const model = modelled(module, name);
  if (service !== 'ec2' && !model && name.endsWith('Exception')) {
    // A typo here would silently make an unmodelled error that no handler check recognises.
    throw new Error(`sdkError: ${service} models no exception named ${name}`);
  }
  const status = httpStatusCode ?? model?.traits.awsQueryError?.[1] ?? model?.traits.httpError ?? 400;
  const fault = model?.traits.error ?? (status >= 500 ? 'server' : 'client');
  const $metadata = { httpStatusCode: status, requestId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111', attempts: 1, totalRetryDelay: 0 };
  const error = model ? new model.exceptionClass({ message, $metadata }) : new module.baseException({ name, message, $fault: fault, $metadata });
  if (module.protocol === 'json') return error as unknown as SdkError;
  const code = model?.traits.awsQueryError?.[0] ?? name;
  const type = fault === 'client' ? 'Sender' : 'Receiver';
  // The REST-XML deserializer copies the error body's fields (Code, Message, RequestId) onto the exception.
  if (module.protocol === 'rest-xml') return Object.assign(error, { $fault: fault, Code: code, RequestId: $metadata.requestId }) as unknown as SdkError;
  // What the query and ec2 deserializers copy from the error body onto the exception.
  Object.assign(error, {
    $fault: fault,
    Code: code,
    ...(module.protocol === 'query' ? { Type: type } : {}),
    Error: { ...(module.protocol === 'query' ? { Type: type } : {}), Code: code, Message: message },
  });
  return error as unknown as SdkError;
}

/**
 * The error for a wire code as AWS sends it (`NoSuchEntity`), e.g. from a recorded response: the
 * modelled exception whose wire code it is, else an unmodelled error of that code.
 */
export function sdkErrorFromWireCode(service: SdkService, code: string, message = code, httpStatusCode?: number): SdkError {
  const module = services[service];
  const name =
    Object.keys(module.exports)
      .find((key) => {
        if (!key.endsWith('$')) return false;
        const traits = (module.exports[key] as unknown[])?.[3] as ErrorTraits | undefined;
        return traits?.awsQueryError?.[0] === code;
      })
      ?.slice(0, -1) ?? (modelled(module, code) ? code : undefined);
  return sdkError(service, name ?? code, message, httpStatusCode);
}
