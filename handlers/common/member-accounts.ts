/**
 * Hub mode: a hub function acts in the member account an event came from, through that account's
 * remediation role, and names the account in every alert. Standalone (no role name in the
 * environment): the function's own credentials, as before.
 */
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import { describeAwsError } from './aws-errors';
import { InvalidEventError } from './errors';
import { EventTarget, MemberAccountSettings } from './member-account-names';

export { accountLabel, regionOfArn, remoteRoleNameVariable } from './member-account-names';
export { MemberDirectoryError, readOwnMemberAccountSettings } from './member-directory';
export type { EventTarget, MemberAccountSettings } from './member-account-names';

/** The event names an account the hub does not serve: refused, never acted on. */
export class UnknownAccountError extends Error {
  constructor(readonly accountId: string) {
    super(`account ${accountId} is not one of the accounts this hub serves (its member directory); the event is refused`);
    this.name = 'UnknownAccountError';
  }
}

/** The remediation role could not be assumed (missing, trust changed, or STS refused). */
export class RemoteRoleError extends Error {
  constructor(
    readonly roleArn: string,
    readonly stsError: unknown,
  ) {
    super(`cannot assume ${roleArn}: ${describeAwsError(stsError)}`);
    this.name = 'RemoteRoleError';
  }
}

/** STS accepts 2-64 characters of `[\w+=,.@-]` as a session name. */
export function sessionName(guardName: string, eventId: string | undefined): string {
  const raw = `${guardName}-${eventId ?? 'event'}`.replace(/[^\w+=,.@-]/g, '-');
  return raw.slice(0, 64);
}

/**
 * Credentials per (account, region) for one invocation: each member role is assumed once however
 * many steps the invocation takes, and never reused by a later invocation with other events.
 */
export class MemberAccounts {
  private readonly cache = new Map<string, Promise<AwsCredentialIdentity | undefined>>();

  constructor(
    private readonly sts: STSClient,
    private readonly settings: MemberAccountSettings,
    private readonly guardName: string,
  ) {}

  /** Whether the function acts through member roles (hub mode). */
  get isHub(): boolean {
    return this.settings.remoteRoleName !== undefined;
  }

  /** Refuses an account the hub does not serve: one its directory does not name (no directory: none is served). */
  checkAccount(accountId: string): void {
    if (!this.settings.directory?.accounts.has(accountId)) throw new UnknownAccountError(accountId);
  }

  roleArn(accountId: string): string {
    return `arn:${this.settings.partition}:iam::${accountId}:role/${this.settings.remoteRoleName}`;
  }

  /** Credentials for the target; undefined in standalone mode (the function's own). */
  credentialsFor(target: EventTarget, eventId: string | undefined): Promise<AwsCredentialIdentity | undefined> {
    if (!this.isHub) return Promise.resolve(undefined);
    this.checkAccount(target.accountId);
    const key = `${target.accountId}/${target.region}`;
    let pending = this.cache.get(key);
    if (!pending) {
      pending = this.assume(target, eventId);
      this.cache.set(key, pending);
    }
    return pending;
  }

  private async assume(target: EventTarget, eventId: string | undefined): Promise<AwsCredentialIdentity> {
    const roleArn = this.roleArn(target.accountId);
    try {
      const response = await this.sts.send(
        new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName(this.guardName, eventId), DurationSeconds: 900 }),
      );
      const credentials = response.Credentials;
      if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken) {
        throw new Error('STS returned no credentials');
      }
      return {
        accessKeyId: credentials.AccessKeyId,
        secretAccessKey: credentials.SecretAccessKey,
        sessionToken: credentials.SessionToken,
        ...(credentials.Expiration ? { expiration: credentials.Expiration } : {}),
      };
    } catch (error) {
      throw new RemoteRoleError(roleArn, error);
    }
  }
}

/** Whether an error means a hub function could not act in the member at all (alert, then fail). */
export function isCannotActError(error: unknown): error is Error {
  return error instanceof UnknownAccountError || error instanceof RemoteRoleError || error instanceof InvalidEventError;
}
