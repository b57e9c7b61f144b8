/**
 * One definition of "a stack applied to a local AWS API emulator" (moto server, LocalStack): the
 * services the guards' Terraform talks to, and the AWS provider settings that send all of them to
 * one local endpoint with test credentials. Used by the `localEndpoint` config option (try the
 * guards locally with `npx cdktf deploy`) and by the emulator tests, so both apply the same thing.
 */

/**
 * The provider's `endpoints` keys of every service the synthesized stacks call (resources, the
 * assumed role, the account check). A service missing here would be called at real AWS with test
 * credentials, and fail: the emulator test applies every stack shape, so a missing key shows.
 */
export const localEndpointServices = [
  'cloudtrail',
  'cloudwatch',
  'configservice',
  'dynamodb',
  'ec2',
  'events',
  'iam',
  'kms',
  'lambda',
  'logs',
  'organizations',
  's3',
  'signer',
  'sns',
  'sqs',
  'ssm',
  'sts',
] as const;

/** Credentials every emulator accepts; never an account's. */
export const localEndpointCredentials = { accessKey: 'testing', secretKey: 'testing' } as const;

/**
 * Provider retries of a failed call. The provider's default (25, with back-off) turns an
 * emulator's HTTP 500 for an unimplemented call into minutes of waiting; two fail fast.
 */
export const localEndpointMaxRetries = 2;

/** Hosts that are this machine only. */
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/**
 * Checks that `endpoint` is an http(s) URL of this machine only, so that the option can never send
 * Terraform's calls (and the state of real resources) to another host. Returns the problem, or
 * undefined when the endpoint is fine.
 */
export function localEndpointProblem(endpoint: string): string | undefined {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return 'must be a URL such as http://127.0.0.1:4566';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http:// or https:// URL';
  if (!loopbackHosts.has(url.hostname) && !/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(url.hostname)) {
    return `must be on this machine (127.0.0.1, localhost or [::1]), not ${url.hostname}: the option is for a local emulator only`;
  }
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '') return 'must be a scheme, host and port only, e.g. http://127.0.0.1:4566';
  return undefined;
}

/**
 * The AWS provider arguments (Terraform JSON names) that point a provider at a local endpoint.
 * `assume_role` and `allowed_account_ids` are kept: the emulator answers AssumeRole itself, which
 * lets one server hold several accounts, and the account check still proves each stack lands in
 * its own account.
 */
export function localEndpointProviderSettings(endpoint: string): Record<string, unknown> {
  const url = endpoint.replace(/\/+$/, '');
  return {
    access_key: localEndpointCredentials.accessKey,
    secret_key: localEndpointCredentials.secretKey,
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_region_validation: true,
    s3_use_path_style: true,
    max_retries: localEndpointMaxRetries,
    endpoints: [Object.fromEntries(localEndpointServices.map((service) => [service, url]))],
  };
}

/** The AWS provider blocks of a stack's Terraform JSON, pointed at `endpoint`. Pure. */
export function pointProvidersAtLocalEndpoint(providers: readonly Record<string, unknown>[], endpoint: string): Record<string, unknown>[] {
  return providers.map((provider) => ({ ...provider, ...localEndpointProviderSettings(endpoint) }));
}
