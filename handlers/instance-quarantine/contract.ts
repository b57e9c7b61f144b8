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
 * Hub mode: the name of the Terraform-managed revocation deny policy in each member account (its
 * home-region spoke stack makes it). The hub functions build the member's policy ARN from it;
 * standalone functions get REVOCATION_POLICY_ARN, their own stack's policy.
 */
export const revocationPolicyNameVariable = 'REVOCATION_POLICY_NAME';
