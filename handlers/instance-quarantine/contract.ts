/**
 * What the instance-quarantine construct and its handler must agree on. Pure: modules/ imports it
 * (the only file of this folder it may import), so no AWS SDK, logger or other handler code here.
 */

/**
 * Tag on the security groups the guard creates. The guard's role may change the rules of groups
 * carrying it and no others (modules/instance-quarantine/permissions.ts reads it from here).
 */
export const managedGroupTag = { Key: 'guards:managed-by', Value: 'instance-quarantine' } as const;
/**
 * The layout of the guard's state table, read by the construct (modules/instance-quarantine) and
 * the handlers alike: one partition key, and an expiry attribute that DynamoDB's TTL removes.
 */
export const stateTableKeys = {
  partitionKey: 'pk',
  /** Epoch seconds after which DynamoDB may delete the item (rate-limit counters only). */
  expiresAt: 'expiresAt',
} as const;

/**
 * The partition-key prefixes of the guard's items (handlers/instance-quarantine/state-record.ts
 * builds the keys; the release role's DynamoDB permissions are fenced on them).
 */
export const stateKeyPrefixes = { instance: 'instance#', role: 'role#', fleetRate: 'fleet-rate#' } as const;

/**
 * Hub mode: the name of the Terraform-managed revocation deny policy in each member account (its
 * home-region spoke stack makes it). The hub functions build the member's policy ARN from it;
 * standalone functions get REVOCATION_POLICY_ARN, their own stack's policy.
 */
export const revocationPolicyNameVariable = 'REVOCATION_POLICY_NAME';

/**
 * A release needs an approval: an item a person named in `releaseApprovers` writes to the state
 * table, keyed `release-approval#<instanceId>` (hub mode: `release-approval#<account>/<region>/<instanceId>`).
 * The table's resource policy denies writes of keys with this prefix to every other principal (the
 * guard's own roles included), so invoking the release function is not enough to release.
 */
export const releaseApproval = {
  keyPrefix: 'release-approval#',
  /** Who approved (the approver's own ARN, as the README's put-item command writes it). */
  approvedByAttribute: 'approvedBy',
  /** When, as an ISO 8601 UTC time; older than the maximum age, or before the quarantine, it does not count. */
  approvedAtAttribute: 'approvedAt',
} as const;

/** The release function's list of approver ARNs (comma-separated), for its reports; empty: none configured. */
export const releaseApproversVariable = 'RELEASE_APPROVERS';
/** How many minutes an approval stays valid. */
export const releaseApprovalMaxAgeVariable = 'RELEASE_APPROVAL_MAX_AGE_MINUTES';
