import { Verdict, verdict } from '../config-rule/verdict';
import { PortRange, allPorts, formatPortRange, intersection, subtract } from './port-ranges';
import { ForbiddenPortsPolicy } from './contract';
import { IngressRule, SecurityGroupFacts } from './security-group-facts';

/** One way the internet reaches forbidden ports: a rule of a group, its open sources, the ports. */
export interface Exposure {
  readonly groupId: string;
  readonly groupName?: string;
  readonly rule: IngressRule;
  /** `0.0.0.0/0` and/or `::/0`. */
  readonly openSources: readonly string[];
  /** Forbidden ports the rule lets through, not covered by an exception. */
  readonly ports: PortRange;
}

/**
 * `0.0.0.0/0` or `::/0` when the CIDR is the whole address space of its family (any address with
 * prefix length 0), otherwise undefined.
 */
export function openSourceOf(cidr: string): string | undefined {
  const [address, prefixLength] = cidr.trim().split('/');
  if (prefixLength === undefined || Number(prefixLength) !== 0 || prefixLength.trim() === '') return undefined;
  return address.includes(':') ? '::/0' : '0.0.0.0/0';
}

/** The ports a rule opens: every port for all protocols, its range for TCP and UDP, none otherwise (ICMP's "ports" are types). */
function portsOpenedBy(rule: IngressRule): PortRange | undefined {
  if (rule.protocol === 'all') return allPorts;
  if (rule.protocol !== 'tcp' && rule.protocol !== 'udp') return undefined;
  return rule.fromPort === undefined || rule.toPort === undefined ? allPorts : { from: rule.fromPort, to: rule.toPort };
}

/** Every forbidden port range the group lets the internet reach, exceptions for this group removed. */
export function findExposures(group: SecurityGroupFacts, policy: ForbiddenPortsPolicy): Exposure[] {
  const exceptedRanges = policy.exceptions.filter((exception) => exception.groupId === group.groupId).map((exception) => exception.range);
  return group.ingress.flatMap((rule) => {
    const openSources = [...new Set(rule.sources.map(openSourceOf).filter((source): source is string => source !== undefined))].sort();
    const opened = portsOpenedBy(rule);
    if (openSources.length === 0 || !opened) return [];
    return policy.forbidden.flatMap((forbidden) => {
      const reached = intersection(opened, forbidden);
      if (!reached) return [];
      return subtract(reached, exceptedRanges).map((ports) => ({ groupId: group.groupId, groupName: group.groupName, rule, openSources, ports }));
    });
  });
}

function groupLabel(group: { groupId: string; groupName?: string }): string {
  // Group names may be 255 characters long; the annotation has 256 for everything.
  const name = group.groupName && group.groupName !== group.groupId ? ` (${group.groupName.slice(0, 40)})` : '';
  return `${group.groupId}${name}`;
}

function ruleLabel(rule: IngressRule): string {
  if (rule.protocol === 'all') return 'all protocols';
  return rule.fromPort === undefined
    ? `${rule.protocol} all ports`
    : `${rule.protocol} ${formatPortRange({ from: rule.fromPort, to: rule.toPort ?? rule.fromPort })}`;
}

/** `sg-1 (web): rule tcp 0-65535 from 0.0.0.0/0 reaches forbidden port 22 (and 3 more)`. */
function describeExposures(exposures: readonly Exposure[]): string {
  const [first] = exposures;
  const ports = first.ports.from === first.ports.to ? `port ${first.ports.from}` : `ports ${formatPortRange(first.ports)}`;
  const more = exposures.length > 1 ? ` (and ${exposures.length - 1} more)` : '';
  return `${groupLabel(first)}: rule ${ruleLabel(first.rule)} from ${first.openSources.join(' and ')} reaches forbidden ${ports}${more}`;
}

const nothingReached = 'no rule lets 0.0.0.0/0 or ::/0 reach a forbidden port';

/** A security group from its own rules. */
export function decideSecurityGroup(group: SecurityGroupFacts, policy: ForbiddenPortsPolicy): Verdict {
  const exposures = findExposures(group, policy);
  if (exposures.length > 0) return verdict('NON_COMPLIANT', describeExposures(exposures));
  const excepted = findExposures(group, { ...policy, exceptions: [] }).length > 0;
  return verdict('COMPLIANT', `${groupLabel(group)}: ${nothingReached}${excepted ? ' outside its allowed exceptions' : ''}`);
}

/**
 * An instance through the current rules of the groups of its network interfaces. `missingGroupIds`
 * are groups the instance names that no longer exist.
 */
export function decideInstance(
  instanceId: string,
  groups: readonly SecurityGroupFacts[],
  policy: ForbiddenPortsPolicy,
  missingGroupIds: readonly string[] = [],
): Verdict {
  const exposures = groups.flatMap((group) => findExposures(group, policy));
  if (exposures.length > 0) return verdict('NON_COMPLIANT', `${instanceId} via ${describeExposures(exposures)}`);
  if (groups.length === 0 && missingGroupIds.length === 0)
    return verdict('COMPLIANT', `${instanceId}: has no security groups, so nothing reaches a forbidden port`);
  const missing = missingGroupIds.length > 0 ? ` (${missingGroupIds.length} of its groups no longer exist: ${missingGroupIds.join(', ')})` : '';
  return verdict('COMPLIANT', `${instanceId}: in its ${groups.length} security group(s) ${nothingReached}${missing}`);
}
