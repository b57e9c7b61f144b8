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
