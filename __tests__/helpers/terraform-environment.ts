/** The AWS provider version every test configuration pins (the mirror holds this one). */
export const awsProviderVersion = '5.100.0';

/**
 * Go garbage-collector settings for the terraform and AWS provider processes of the tests. Each
 * provider start builds the schemas of every AWS resource (a few CPU-seconds, much of it in the
 * collector at Go's default GOGC=100); the test runs start hundreds of them on 2 cores. Collecting
 * less often cuts that CPU by about a sixth, for some 100 MB more per process, and the soft memory
 * limit keeps a process from growing past it.
 */
export const terraformGoEnvironment = { GOGC: '800', GOMEMLIMIT: '1536MiB' } as const;

/**
 * The environment of terraform and of the AWS provider it runs: the Go collector settings, and fake
 * credentials (an offline plan must never find real ones on the machine).
 */
export function providerProcessEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ...terraformGoEnvironment,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_SESSION_TOKEN: '',
    AWS_PROFILE: '',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
