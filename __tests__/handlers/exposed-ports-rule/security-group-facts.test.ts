import { normalizeProtocol, securityGroupFromConfiguration, securityGroupFromEc2 } from '../../../handlers/exposed-ports-rule/security-group-facts';
import { configEvent, configRuleFixture } from '../../helpers/config-rule-events';
import { recordedResponse } from '../../helpers/fixtures';

describe('security group facts', () => {
  it('reads the older configuration item shape (ipRanges as strings) of the real sample', () => {
    const item = configEvent('config-item-security-group.json');
    expect(securityGroupFromConfiguration(item.configuration)).toEqual({
      groupId: 'sg-1d56fc66',
      groupName: 'launch-wizard-7',
      ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, sources: ['0.0.0.0/0'] }],
    });
  });

  it('reads the newer shape (ipv4Ranges and ipRanges, ipv6Ranges) once per source, and all protocols without ports', () => {
    expect(securityGroupFromConfiguration(configRuleFixture('exposed-ports-rule', 'sg-all-protocols').configuration).ingress).toEqual([
      { protocol: 'all', sources: ['0.0.0.0/0'] },
    ]);
    expect(securityGroupFromConfiguration(configRuleFixture('exposed-ports-rule', 'sg-ipv6-only').configuration).ingress).toEqual([
      { protocol: 'tcp', fromPort: 3389, toPort: 3389, sources: ['198.51.100.0/24', '::/0'] },
    ]);
  });

  it("reads EC2's DescribeSecurityGroups (recorded response)", () => {
    const [first, second] = recordedResponse<{ SecurityGroups: unknown[] }>('test_ec2_security_group_filter__ec2.DescribeSecurityGroups_1.json').SecurityGroups;
    expect(securityGroupFromEc2(first)).toEqual({
      groupId: 'sg-926a56e8',
      groupName: 'launch-wizard-1',
      ingress: [{ protocol: 'tcp', fromPort: 22, toPort: 22, sources: ['0.0.0.0/0'] }],
    });
    expect(securityGroupFromEc2(second).ingress).toEqual([{ protocol: 'tcp', fromPort: 22, toPort: 22, sources: ['204.63.44.148/32'] }]);
    expect(
      securityGroupFromEc2({ GroupId: 'sg-1', IpPermissions: [{ IpProtocol: '-1', FromPort: -1, ToPort: -1, Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }).ingress,
    ).toEqual([{ protocol: 'all', sources: ['::/0'] }]);
  });

  it('treats protocol numbers and names alike', () => {
    expect(['-1', 'all', '6', 'TCP', '17', 'udp', 'icmp', '50', undefined].map(normalizeProtocol)).toEqual([
      'all',
      'all',
      'tcp',
      'tcp',
      'udp',
      'udp',
      'icmp',
      '50',
      'all',
    ]);
  });
});
