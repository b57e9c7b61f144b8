/**
 * The layout of the guard's state table, read by the construct (modules/instance-quarantine) and
 * the handlers alike: one partition key, and an expiry attribute that DynamoDB's TTL removes.
 */
export const stateTableKeys = {
  partitionKey: 'pk',
  /** Epoch seconds after which DynamoDB may delete the item (rate-limit counters only). */
  expiresAt: 'expiresAt',
} as const;
