/** The user's inline policies would exceed IAM's aggregate quota with the guard's deny added. */
export class UserPolicyQuotaError extends Error {
  constructor(
    readonly userName: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserPolicyQuotaError';
  }
}

/** The deny could not be put on one or more users; each failure was reported. */
export class LockdownIncompleteError extends Error {
  constructor(readonly failedUsers: readonly string[]) {
    super(`the region deny could not be put on ${failedUsers.length} user${failedUsers.length === 1 ? '' : 's'}: ${failedUsers.slice(0, 20).join(', ')}${failedUsers.length > 20 ? ', ...' : ''}`);
    this.name = 'LockdownIncompleteError';
  }
}
