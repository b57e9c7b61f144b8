type Loose = Record<string, unknown>;

const asRecord = (value: unknown): Loose => (value !== null && typeof value === 'object' ? (value as Loose) : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function groupIds(groups: unknown): string[] {
  return asList(groups)
    .map((group) => asRecord(group).groupId)
    .filter((groupId): groupId is string => typeof groupId === 'string' && groupId !== '');
}

/**
 * Every security group of every network interface of an `AWS::EC2::Instance` configuration
 * item, and the instance's own `securityGroups` (the primary interface's, or EC2-Classic's), once
 * each, in order of appearance.
 */
export function securityGroupIdsOfInstance(configuration: unknown): string[] {
  const instance = asRecord(configuration);
  const fromInterfaces = asList(instance.networkInterfaces).flatMap((networkInterface) => groupIds(asRecord(networkInterface).groups));
  return [...new Set([...fromInterfaces, ...groupIds(instance.securityGroups)])];
}
