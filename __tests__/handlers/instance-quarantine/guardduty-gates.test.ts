import { gateOfFinding } from '../../../handlers/instance-quarantine/guardduty-gates';
import { guardDutyGateDefaults } from '../../../modules/instance-quarantine/settings';

describe('gateOfFinding: which finding types act, wait for approval or only alert', () => {
  const gates = { act: ['Trojan:EC2/*', 'Backdoor:EC2/C&CActivity.B'], approval: ['Trojan:EC2/DNSDataExfiltration', 'Backdoor:EC2/*'], notify: ['Recon:*'] };

  it('matches exact types and prefixes ending in *', () => {
    expect(gateOfFinding('Trojan:EC2/DropPoint', gates)).toEqual({ gate: 'act', entry: 'Trojan:EC2/*' });
    expect(gateOfFinding('Recon:EC2/PortProbeUnprotectedPort', gates)).toEqual({ gate: 'notify', entry: 'Recon:*' });
  });

  it('lets the longest matching entry decide, an exact type over a prefix', () => {
    expect(gateOfFinding('Trojan:EC2/DNSDataExfiltration', gates)).toEqual({ gate: 'approval', entry: 'Trojan:EC2/DNSDataExfiltration' });
    expect(gateOfFinding('Backdoor:EC2/C&CActivity.B', gates)).toEqual({ gate: 'act', entry: 'Backdoor:EC2/C&CActivity.B' });
    expect(gateOfFinding('Backdoor:EC2/Spambot', gates)).toEqual({ gate: 'approval', entry: 'Backdoor:EC2/*' });
  });

  it('gives a tie to the safer list, and only alerts on a type no list names', () => {
    expect(gateOfFinding('Impact:EC2/X', { act: ['Impact:EC2/*'], approval: ['Impact:EC2/*'], notify: [] })).toEqual({
      gate: 'approval',
      entry: 'Impact:EC2/*',
    });
    expect(gateOfFinding('Policy:IAMUser/RootCredentialUsage', gates)).toEqual({ gate: 'notify' });
    // A prefix entry does not match the bare text before its star as an exact type of another family.
    expect(gateOfFinding('TrojanHorse:EC2/X', gates)).toEqual({ gate: 'notify' });
  });

  it.each([
    ['UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS', 'act'],
    ['UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.InsideAWS', 'act'],
    ['Backdoor:EC2/C&CActivity.B', 'act'],
    ['CryptoCurrency:EC2/BitcoinTool.B', 'act'],
    ['CryptoCurrency:EC2/BitcoinTool.B!DNS', 'approval'],
    ['Trojan:EC2/DNSDataExfiltration', 'approval'],
    ['UnauthorizedAccess:EC2/SSHBruteForce', 'approval'],
    ['Recon:EC2/PortProbeUnprotectedPort', 'notify'],
    ['Policy:S3/BucketBlockPublicAccessDisabled', 'notify'],
  ])('with the documented defaults, %s -> %s', (type, gate) => {
    expect(gateOfFinding(type, guardDutyGateDefaults).gate).toBe(gate);
  });
});
