/**
 * Hub mode: which accounts a hub function serves, and their names for alerts. No AWS call, so
 * that alert-only functions need no STS permission. Standalone: nothing is set, nothing changes.
 */

/** Name of the role a hub function assumes in members; absent in standalone mode. */
export const remoteRoleNameVariable = 'REMOTE_ROLE_NAME';
/** JSON object account id -> account name, of every account the hub serves. */
export const accountNamesVariable = 'ACCOUNT_NAMES';

/**
 * Hub mode's variables, as a hub construct writes them: the role to assume in members and, when it
 * fits the environment, the JSON map of account names. The reader is {@link readMemberAccountSettings}.
 */
export function writeMemberAccountEnvironment(values: { readonly remoteRoleName?: string; readonly accountNamesJson?: string }): Record<string, string> {
  return {
    // Alert-only hub functions (cloudtrail-alert) act in no member: no role to assume.
    ...(values.remoteRoleName !== undefined ? { [remoteRoleNameVariable]: values.remoteRoleName } : {}),
    ...(values.accountNamesJson !== undefined ? { [accountNamesVariable]: values.accountNamesJson } : {}),
  };
}

/** The member account and region an event is about. */
export interface EventTarget {
  readonly accountId: string;
  readonly region: string;
}

export interface MemberAccountSettings {
  readonly remoteRoleName?: string;
  /** Undefined when the map was too large for the environment: accounts are then named by id only. */
  readonly accountNames?: ReadonlyMap<string, string>;
  readonly partition: string;
}

export function readMemberAccountSettings(env: NodeJS.ProcessEnv, partition: string): MemberAccountSettings {
  const remoteRoleName = env[remoteRoleNameVariable] || undefined;
  const namesText = env[accountNamesVariable];
  let accountNames: Map<string, string> | undefined;
  if (namesText) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(namesText);
    } catch {
      throw new Error(`${accountNamesVariable} environment variable must be a JSON object of account id to name`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${accountNamesVariable} environment variable must be a JSON object of account id to name`);
    }
    accountNames = new Map(Object.entries(parsed as Record<string, unknown>).map(([id, name]) => [id, String(name)]));
  }
  return { remoteRoleName, accountNames, partition };
}

/** `123456789012 (production)`, or the id alone when the name is unknown. */
export function accountLabel(settings: MemberAccountSettings, accountId: string): string {
  const name = settings.accountNames?.get(accountId);
  return name ? `${accountId} (${name})` : accountId;
}

/** The region of an ARN (a topic in the hub's home region is published to from every hub region). */
export function regionOfArn(arn: string): string | undefined {
  return arn.split(':')[3] || undefined;
}

/** {@link readMemberAccountSettings} of the function's own environment. */
export function readOwnMemberAccountSettings(partition: string): MemberAccountSettings {
  return readMemberAccountSettings(process.env, partition);
}
