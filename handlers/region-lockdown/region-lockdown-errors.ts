/** IAM refused to attach the deny to a user for a reason a person must fix (quota, missing policy). */
export class DenyAttachError extends Error {
  constructor(
    readonly userName: string,
    message: string,
  ) {
    super(message);
    this.name = 'DenyAttachError';
  }
}

/** The deny could not be attached to one or more users; each failure was reported. */
export class LockdownIncompleteError extends Error {
  constructor(readonly failedUsers: readonly string[]) {
    super(
      `the region deny could not be attached to ${failedUsers.length} user${failedUsers.length === 1 ? '' : 's'}: ${failedUsers.slice(0, 20).join(', ')}${failedUsers.length > 20 ? ', ...' : ''}`,
    );
    this.name = 'LockdownIncompleteError';
  }
}
