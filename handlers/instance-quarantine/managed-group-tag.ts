/**
 * Tag on the security groups the guard creates. The guard's role may change the rules of groups
 * carrying it and no others (modules/instance-quarantine/permissions.ts reads it from here).
 */
export const managedGroupTag = { Key: 'guards:managed-by', Value: 'instance-quarantine' } as const;
