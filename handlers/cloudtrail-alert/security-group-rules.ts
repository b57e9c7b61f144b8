import { CloudTrailRecord, listAt, textAt } from '../common/cloudtrail-record';

/**
 * The rule changes a security-group call requested, in words: `allow inbound tcp 22 from
 * 0.0.0.0/0 (anywhere)`. Reads CloudTrail's request shapes: `ipPermissions.items` (authorize and
 * revoke), the flat `cidrIp`/`ipProtocol` form of older callers, `securityGroupRuleIds` (revoke by
 * rule id) and `ModifySecurityGroupRulesRequest.SecurityGroupRule` (one rule or a list).
 */

const protocolNames: Readonly<Record<string, string>> = { '6': 'tcp', '17': 'udp', '1': 'icmp', '58': 'icmpv6' };

const anywhere = new Set(['0.0.0.0/0', '::/0']);

function describePeer(address: string, description: string | undefined): string {
  const where = anywhere.has(address) ? `${address} (anywhere)` : address;
  return description ? `${where} "${description}"` : where;
}

/** `tcp 443`, `udp 1000-2000`, `tcp all ports`, `all traffic`, `icmp type 8`. */
export function protocolAndPorts(protocol: string | undefined, fromPort: string | undefined, toPort: string | undefined): string {
  const lower = protocol?.toLowerCase();
  if (lower === undefined || lower === '-1' || lower === 'all') return 'all traffic';
  const name = protocolNames[lower] ?? lower;
  if (name === 'icmp' || name === 'icmpv6') {
    // For ICMP, the "ports" are the ICMP type and code.
    if (fromPort === undefined || fromPort === '-1') return `all ${name}`;
    return toPort === undefined || toPort === '-1' ? `${name} type ${fromPort}` : `${name} type ${fromPort} code ${toPort}`;
  }
  if (fromPort === undefined || fromPort === '-1' || (fromPort === '0' && toPort === '65535')) return `${name} all ports`;
  return toPort === undefined || toPort === fromPort ? `${name} ${fromPort}` : `${name} ${fromPort}-${toPort}`;
}

/** Every source or destination of one `ipPermissions` item. */
function permissionPeers(permission: unknown): string[] {
  return [
    ...listAt(permission, 'ipRanges').map((range) => describePeer(textAt(range, 'cidrIp') ?? 'unknown', textAt(range, 'description'))),
    ...listAt(permission, 'ipv6Ranges').map((range) => describePeer(textAt(range, 'cidrIpv6') ?? 'unknown', textAt(range, 'description'))),
    ...listAt(permission, 'prefixListIds').map((list) => describePeer(`prefix list ${textAt(list, 'prefixListId') ?? 'unknown'}`, textAt(list, 'description'))),
    ...listAt(permission, 'groups').map((group) => {
      const id = textAt(group, 'groupId') ?? textAt(group, 'groupName') ?? 'unknown';
      const owner = textAt(group, 'userId');
      return describePeer(`group ${id}${owner ? ` of account ${owner}` : ''}`, textAt(group, 'description'));
    }),
  ];
}

/** Whether any item of the request lets 0.0.0.0/0 or ::/0 in. */
export function grantsAnywhere(record: CloudTrailRecord): boolean {
  return permissionsOf(record).some(
    (permission) =>
      listAt(permission, 'ipRanges').some((range) => anywhere.has(textAt(range, 'cidrIp') ?? '')) ||
      listAt(permission, 'ipv6Ranges').some((range) => anywhere.has(textAt(range, 'cidrIpv6') ?? '')),
  );
}

/** `ipPermissions.items`, or the flat single-rule form (`cidrIp`, `ipProtocol`, `fromPort`, `toPort`). */
function permissionsOf(record: CloudTrailRecord): unknown[] {
  const parameters = record.requestParameters;
  const items = listAt(parameters, 'ipPermissions');
  if (items.length > 0) return items;
  const cidrIp = textAt(parameters, 'cidrIp');
  const sourceGroup = textAt(parameters, 'sourceSecurityGroupName');
  if (!cidrIp && !sourceGroup && !textAt(parameters, 'ipProtocol')) return [];
  return [
    {
      ipProtocol: textAt(parameters, 'ipProtocol'),
      fromPort: textAt(parameters, 'fromPort'),
      toPort: textAt(parameters, 'toPort'),
      ipRanges: cidrIp ? [{ cidrIp }] : [],
      groups: sourceGroup ? [{ groupName: sourceGroup, userId: textAt(parameters, 'sourceSecurityGroupOwnerId') }] : [],
    },
  ];
}

/** The requested changes of an authorize or revoke call, one line per rule. */
export function permissionChanges(record: CloudTrailRecord, verb: 'allow' | 'remove', direction: 'inbound' | 'outbound'): string[] {
  const preposition = direction === 'inbound' ? 'from' : 'to';
  const byPermission = permissionsOf(record).map((permission) => {
    const traffic = protocolAndPorts(textAt(permission, 'ipProtocol'), textAt(permission, 'fromPort'), textAt(permission, 'toPort'));
    const peers = permissionPeers(permission);
    return `${verb} ${direction} ${traffic} ${preposition} ${peers.length > 0 ? peers.join(', ') : 'no source named'}`;
  });
  const byRuleId = listAt(record.requestParameters, 'securityGroupRuleIds').map(
    (rule) => `remove rule ${textAt(rule, 'securityGroupRuleId') ?? (typeof rule === 'string' ? rule : 'unknown')}`,
  );
  return [...byPermission, ...byRuleId];
}

/**
 * Whether a ModifySecurityGroupRules call makes any rule reach 0.0.0.0/0 or ::/0. The request does
 * not say whether a rule is inbound or outbound, so such a change is marked like an ingress
 * authorization to anywhere: the reader checks which it is.
 */
export function modifiesToAnywhere(record: CloudTrailRecord): boolean {
  return listAt(record.requestParameters, 'ModifySecurityGroupRulesRequest', 'SecurityGroupRule').some((update) =>
    listAt(update, 'SecurityGroupRule').some((rule) => anywhere.has(textAt(rule, 'CidrIpv4') ?? '') || anywhere.has(textAt(rule, 'CidrIpv6') ?? '')),
  );
}

/** The rules a ModifySecurityGroupRules call replaced, each with its new content. */
export function modifiedRules(record: CloudTrailRecord): string[] {
  return listAt(record.requestParameters, 'ModifySecurityGroupRulesRequest', 'SecurityGroupRule').map((update) => {
    const ruleId = textAt(update, 'SecurityGroupRuleId') ?? 'unknown';
    const rule = listAt(update, 'SecurityGroupRule')[0];
    if (rule === undefined) return `change rule ${ruleId}`;
    const traffic = protocolAndPorts(textAt(rule, 'IpProtocol'), textAt(rule, 'FromPort'), textAt(rule, 'ToPort'));
    const peerId = textAt(rule, 'CidrIpv4') ?? textAt(rule, 'CidrIpv6');
    const peer = peerId
      ? describePeer(peerId, undefined)
      : textAt(rule, 'PrefixListId')
        ? `prefix list ${textAt(rule, 'PrefixListId')}`
        : textAt(rule, 'ReferencedGroupId')
          ? `group ${textAt(rule, 'ReferencedGroupId')}`
          : 'no peer named';
    const description = textAt(rule, 'Description');
    // The request does not say whether the rule is inbound or outbound: "with" fits both.
    return `change rule ${ruleId} to: ${traffic} with ${peer}${description ? ` "${description}"` : ''}`;
  });
}
