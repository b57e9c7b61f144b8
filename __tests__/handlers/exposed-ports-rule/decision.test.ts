import { findExposures, decideInstance, decideSecurityGroup, openSourceOf } from '../../../handlers/exposed-ports-rule/decision';
import { securityGroupIdsOfInstance } from '../../../handlers/exposed-ports-rule/instance-groups';
import { ForbiddenPortsPolicy, parseForbiddenPortsPolicy } from '../../../handlers/exposed-ports-rule/contract';
import { SecurityGroupFacts, securityGroupFromConfiguration } from '../../../handlers/exposed-ports-rule/security-group-facts';
import { configRuleFixture } from '../../helpers/config-rule-events';

/** A configuration item of this guard's own edge cases. */
const ownItem = (name: string) => configRuleFixture<{ resourceId: string; configuration: unknown }>('exposed-ports-rule', name);

const groupOf = (name: string): SecurityGroupFacts => securityGroupFromConfiguration(ownItem(name).configuration);
const policy = (forbiddenPorts: string, allowedExceptions?: string): ForbiddenPortsPolicy =>
  parseForbiddenPortsPolicy({ forbiddenPorts, ...(allowedExceptions ? { allowedExceptions } : {}) });

describe('exposed-ports decision on edge cases', () => {
  it('protocol -1 (no ports in the rule): every forbidden port is reachable', () => {
    const result = decideSecurityGroup(groupOf('sg-all-protocols'), policy('22,3389'));
    expect(result).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'sg-0a1b2c3d4e5f60001 (open-to-all): rule all protocols from 0.0.0.0/0 reaches forbidden port 22 (and 1 more)',
    });
  });

  it('IPv6 only: ::/0 reaching RDP is found although IPv4 is restricted', () => {
    const group = groupOf('sg-ipv6-only');
    expect(decideSecurityGroup(group, policy('3389'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'sg-0a1b2c3d4e5f60002 (rdp-ipv6): rule tcp 3389 from ::/0 reaches forbidden port 3389',
    });
    expect(decideSecurityGroup(group, policy('22')).compliance).toBe('COMPLIANT');
  });

  it('a forbidden port inside an allowed range, and a range overlapping a forbidden range', () => {
    const group = groupOf('sg-port-ranges');
    expect(decideSecurityGroup(group, policy('22')).annotation).toBe(
      'sg-0a1b2c3d4e5f60003 (wide-ranges): rule tcp 0-1024 from 0.0.0.0/0 reaches forbidden port 22',
    );
    const overlap = findExposures(group, policy('1000-2000'));
    expect(overlap.map((exposure) => [exposure.rule.protocol, exposure.ports])).toEqual([
      ['tcp', { from: 1000, to: 1024 }],
      ['udp', { from: 1500, to: 2000 }],
    ]);
    expect(decideSecurityGroup(group, policy('1000-2000')).annotation).toBe(
      'sg-0a1b2c3d4e5f60003 (wide-ranges): rule tcp 0-1024 from 0.0.0.0/0 reaches forbidden ports 1000-1024 (and 1 more)',
    );
  });

  it('ignores ICMP (its "ports" are message types) and rules whose source is another group', () => {
    const group = groupOf('sg-port-ranges');
    // ICMP echo (type 8) from anywhere is no port 8.
    const icmpOnly = { ...group, ingress: group.ingress.filter((rule) => rule.protocol === 'icmp') };
    expect(icmpOnly.ingress).toHaveLength(1);
    expect(findExposures(icmpOnly, policy('8'))).toEqual([]);
    // PostgreSQL from a peer group only.
    expect(decideSecurityGroup(group, policy('5432'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'sg-0a1b2c3d4e5f60003 (wide-ranges): no rule lets 0.0.0.0/0 or ::/0 reach a forbidden port',
    });
  });

  it('excuses exactly the ports an exception names for its group, no more', () => {
    const group = groupOf('sg-port-ranges');
    expect(decideSecurityGroup(group, policy('22', 'sg-0a1b2c3d4e5f60003:22'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'sg-0a1b2c3d4e5f60003 (wide-ranges): no rule lets 0.0.0.0/0 or ::/0 reach a forbidden port outside its allowed exceptions',
    });
    const partly = findExposures(group, policy('20-23', 'sg-0a1b2c3d4e5f60003:22'));
    expect(partly.map((exposure) => exposure.ports)).toEqual([
      { from: 20, to: 21 },
      { from: 23, to: 23 },
    ]);
    // Another group's exception does not apply.
    expect(decideSecurityGroup(group, policy('22', 'sg-0a1b2c3d4e5f60001:22')).compliance).toBe('NON_COMPLIANT');
  });

  it('an instance without security groups exposes nothing', () => {
    const instance = ownItem('instance-no-security-groups');
    expect(securityGroupIdsOfInstance(instance.configuration)).toEqual([]);
    expect(decideInstance(instance.resourceId, [], policy('22'))).toEqual({
      compliance: 'COMPLIANT',
      annotation: 'i-0a1b2c3d4e5f60001: has no security groups, so nothing reaches a forbidden port',
    });
  });

  it('an instance is judged through every group, naming the group that exposes it', () => {
    const groups = [groupOf('sg-ipv6-only'), groupOf('sg-port-ranges')];
    expect(decideInstance('i-0a1b2c3d4e5f60001', groups, policy('22'))).toEqual({
      compliance: 'NON_COMPLIANT',
      annotation: 'i-0a1b2c3d4e5f60001 via sg-0a1b2c3d4e5f60003 (wide-ranges): rule tcp 0-1024 from 0.0.0.0/0 reaches forbidden port 22',
    });
    expect(decideInstance('i-0a1b2c3d4e5f60001', [groups[0]], policy('22'), ['sg-0dead'])).toEqual({
      compliance: 'COMPLIANT',
      annotation:
        'i-0a1b2c3d4e5f60001: in its 1 security group(s) no rule lets 0.0.0.0/0 or ::/0 reach a forbidden port (1 of its groups no longer exist: sg-0dead)',
    });
  });

  it('treats any /0 CIDR as the whole internet of its family, and nothing narrower', () => {
    expect(openSourceOf('0.0.0.0/0')).toBe('0.0.0.0/0');
    expect(openSourceOf('10.0.0.0/0')).toBe('0.0.0.0/0');
    expect(openSourceOf('::/0')).toBe('::/0');
    expect(openSourceOf('2001:db8::/0')).toBe('::/0');
    expect(openSourceOf('0.0.0.0/1')).toBeUndefined();
    expect(openSourceOf('::/128')).toBeUndefined();
    expect(openSourceOf('pl-12345678')).toBeUndefined();
  });

  it('keeps the annotation within 256 characters, group id and port first, however long the group name', () => {
    const group: SecurityGroupFacts = {
      groupId: 'sg-0a1b2c3d4e5f60007',
      groupName: 'x'.repeat(255),
      ingress: [{ protocol: 'tcp', fromPort: 0, toPort: 65535, sources: ['0.0.0.0/0', '::/0'] }],
    };
    const result = decideInstance(`i-${'0'.repeat(17)}`, [group], policy('22,23,25,80,443'));
    expect(result.annotation.length).toBeLessThanOrEqual(256);
    expect(result.annotation).toMatch(
      /^i-0{17} via sg-0a1b2c3d4e5f60007 \(x{40}\): rule tcp 0-65535 from 0\.0\.0\.0\/0 and ::\/0 reaches forbidden port 22 \(and 4 more\)$/,
    );
  });
});
