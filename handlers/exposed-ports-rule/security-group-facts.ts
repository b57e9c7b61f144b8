/**
 * A security group's ingress rules in one shape, whether they come from an AWS Config
 * configuration item (camelCase; `ipRanges` as strings in older items, objects in newer ones,
 * `ipv4Ranges`/`ipv6Ranges`) or from EC2's DescribeSecurityGroups (PascalCase).
 */
export interface IngressRule {
  /** `tcp`, `udp`, `all` (`-1`), or the protocol as given (`icmp`, `50`, ...). */
  readonly protocol: string;
  /** Absent when the rule covers every port (all protocols, or no ports given). */
  readonly fromPort?: number;
  readonly toPort?: number;
  /** Source CIDRs, IPv4 and IPv6. */
  readonly sources: readonly string[];
}

export interface SecurityGroupFacts {
  readonly groupId: string;
  readonly groupName?: string;
  readonly ingress: readonly IngressRule[];
}

type Loose = Record<string, unknown>;

const asRecord = (value: unknown): Loose => (value !== null && typeof value === 'object' ? (value as Loose) : {});
const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const asText = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function asPort(value: unknown): number | undefined {
  const port = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  // EC2 writes -1 for "every port" with all protocols.
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 ? port : undefined;
}

/** Protocol names and numbers mean the same: `6` is `tcp`, `17` is `udp`, `-1` is every protocol. */
export function normalizeProtocol(protocol: unknown): string {
  const text = String(protocol ?? '-1')
    .trim()
    .toLowerCase();
  if (text === '-1' || text === 'all') return 'all';
  if (text === '6') return 'tcp';
  if (text === '17') return 'udp';
  return text;
}

/** CIDR texts of a range list whose entries are strings or objects holding `cidrKey`. */
function cidrs(ranges: unknown, cidrKey: string): string[] {
  return asList(ranges)
    .map((range) => (typeof range === 'string' ? range : asText(asRecord(range)[cidrKey])))
    .filter((cidr): cidr is string => cidr !== undefined);
}

function ingressRule(permission: Loose, keys: { protocol: string; from: string; to: string; v4: [string, string][]; v6: [string, string][] }): IngressRule {
  const protocol = normalizeProtocol(permission[keys.protocol]);
  const sources = new Set([...keys.v4, ...keys.v6].flatMap(([listKey, cidrKey]) => cidrs(permission[listKey], cidrKey)));
  const fromPort = asPort(permission[keys.from]);
  const toPort = asPort(permission[keys.to]);
  return {
    protocol,
    ...(protocol !== 'all' && fromPort !== undefined && toPort !== undefined ? { fromPort, toPort } : {}),
    sources: [...sources],
  };
}

/** From the `configuration` of an `AWS::EC2::SecurityGroup` configuration item. */
export function securityGroupFromConfiguration(configuration: unknown): SecurityGroupFacts {
  const group = asRecord(configuration);
  return {
    groupId: asText(group.groupId) ?? '',
    groupName: asText(group.groupName),
    ingress: asList(group.ipPermissions).map((permission) =>
      ingressRule(asRecord(permission), {
        protocol: 'ipProtocol',
        from: 'fromPort',
        to: 'toPort',
        v4: [
          ['ipRanges', 'cidrIp'],
          ['ipv4Ranges', 'cidrIp'],
        ],
        v6: [['ipv6Ranges', 'cidrIpv6']],
      }),
    ),
  };
}

/** From one group of EC2's DescribeSecurityGroups. */
export function securityGroupFromEc2(group: unknown): SecurityGroupFacts {
  const described = asRecord(group);
  return {
    groupId: asText(described.GroupId) ?? '',
    groupName: asText(described.GroupName),
    ingress: asList(described.IpPermissions).map((permission) =>
      ingressRule(asRecord(permission), {
        protocol: 'IpProtocol',
        from: 'FromPort',
        to: 'ToPort',
        v4: [['IpRanges', 'CidrIp']],
        v6: [['Ipv6Ranges', 'CidrIpv6']],
      }),
    ),
  };
}
