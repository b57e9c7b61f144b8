/**
 * Hub mode: the variables that tell a hub function the member role it acts through and where the
 * member directory (the accounts it serves, their names and lists) lies. No AWS call: the directory
 * is read by member-directory.ts, so that this file stays pure and modules/ can share it.
 * Standalone: nothing is set, nothing changes.
 */
import type { MemberDirectory } from './member-directory-format';
import { memberDirectoryKey } from './member-directory-format';

/** Name of the role a hub function assumes in members; absent in standalone mode. */
export const remoteRoleNameVariable = 'REMOTE_ROLE_NAME';

/**
 * Where the member directory lies: the bucket of the function's hub region, the exact object
 * version Terraform wrote (so a deploy that changes the directory changes the function's
 * configuration, and a warm container never keeps an old list), and the hub account that must own
 * the bucket. The key is {@link memberDirectoryKey}.
 */
export const memberDirectoryVariables = {
  bucket: 'MEMBER_DIRECTORY_BUCKET',
  versionId: 'MEMBER_DIRECTORY_VERSION_ID',
  bucketOwner: 'MEMBER_DIRECTORY_BUCKET_OWNER',
} as const;

export interface MemberDirectoryLocation {
  readonly bucket: string;
  readonly key: string;
  readonly versionId: string;
  readonly bucketOwner: string;
}

/**
 * Hub mode's variables, as a hub construct writes them: the role to assume in members (alert-only
 * functions have none) and the directory's location. The reader is {@link readMemberAccountEnvironment}.
 */
export function writeMemberAccountEnvironment(values: {
  readonly remoteRoleName?: string;
  readonly directory: Omit<MemberDirectoryLocation, 'key'>;
}): Record<string, string> {
  return {
    ...(values.remoteRoleName !== undefined ? { [remoteRoleNameVariable]: values.remoteRoleName } : {}),
    [memberDirectoryVariables.bucket]: values.directory.bucket,
    [memberDirectoryVariables.versionId]: values.directory.versionId,
    [memberDirectoryVariables.bucketOwner]: values.directory.bucketOwner,
  };
}

/** The member account and region an event is about. */
export interface EventTarget {
  readonly accountId: string;
  readonly region: string;
}

/** What the environment says: the member role (hub functions that act) and the directory's location (every hub function). */
export interface MemberAccountEnvironment {
  readonly remoteRoleName?: string;
  readonly directory?: MemberDirectoryLocation;
}

export interface MemberAccountSettings {
  readonly remoteRoleName?: string;
  /** Hub mode: the accounts the hub serves (read once per container); undefined in standalone mode. */
  readonly directory?: MemberDirectory;
  readonly partition: string;
}

/**
 * Reads the hub variables. The directory's variables come together or not at all, and a function
 * that acts in members (REMOTE_ROLE_NAME) must have them: without the directory it could not refuse
 * an account the hub does not serve.
 */
export function readMemberAccountEnvironment(env: NodeJS.ProcessEnv): MemberAccountEnvironment {
  const remoteRoleName = env[remoteRoleNameVariable] || undefined;
  const names = Object.values(memberDirectoryVariables);
  const set = names.filter((name) => env[name]);
  if (set.length > 0 && set.length < names.length) {
    throw new Error(`${names.filter((name) => !env[name]).join(', ')} environment variable is not set (the member directory needs ${names.join(', ')})`);
  }
  if (remoteRoleName && set.length === 0) {
    throw new Error(
      `${memberDirectoryVariables.bucket} environment variable is not set: a hub function (${remoteRoleNameVariable} is set) needs its member directory`,
    );
  }
  const directory =
    set.length === names.length
      ? {
          bucket: env[memberDirectoryVariables.bucket]!,
          key: memberDirectoryKey,
          versionId: env[memberDirectoryVariables.versionId]!,
          bucketOwner: env[memberDirectoryVariables.bucketOwner]!,
        }
      : undefined;
  return { ...(remoteRoleName ? { remoteRoleName } : {}), ...(directory ? { directory } : {}) };
}

/** `123456789012 (production)`, or the id alone when the name is unknown. */
export function accountLabel(settings: MemberAccountSettings, accountId: string): string {
  const name = settings.directory?.accounts.get(accountId)?.name;
  return name ? `${accountId} (${name})` : accountId;
}

/** The region of an ARN (a topic in the hub's home region is published to from every hub region). */
export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

/** {@link readMemberAccountEnvironment} of the function's own environment. */
export function readOwnMemberAccountEnvironment(): MemberAccountEnvironment {
  return readMemberAccountEnvironment(process.env);
}
