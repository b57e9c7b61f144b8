import { InstanceFacts, QuarantineRecord, decideQuarantine, guardTagKeys, instanceProfileName } from '../../../handlers/instance-quarantine/decision';
import { formatReport, snsSubject } from '../../../handlers/instance-quarantine/summary';

const facts: InstanceFacts = {
  instanceId: 'i-0123456789abcdef0',
  state: 'running',
  accountId: '111122223333',
  tags: {},
  networkInterfaces: [{ networkInterfaceId: 'eni-1', vpcId: 'vpc-1', groupIds: ['sg-1', 'sg-2'] }],
  volumeIds: ['vol-1'],
  profileAssociations: [{ associationId: 'iip-1', instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/web', state: 'associated' }],
};
const settings = { exemptInstanceIds: [], trustExemptTag: false, exemptTagKey: 'guards:quarantine-exempt', snapshotVolumes: true };
const started = { at: '2026-11-23T00:00:00.000Z', trigger: 'manual', reason: 'test' };

describe('decideQuarantine', () => {
  it('contains a running instance: records what EC2 says, detaches, snapshots', () => {
    expect(decideQuarantine(facts, facts.instanceId, settings, undefined, started)).toEqual({
      action: 'contain',
      plan: {
        recordPriorState: true,
        record: {
          instanceId: facts.instanceId,
          startedAt: started.at,
          trigger: 'manual',
          reason: 'test',
          groupsByInterface: { 'eni-1': ['sg-1', 'sg-2'] },
          instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/web',
          revokedRoleNames: [],
        },
        associationIdsToDetach: ['iip-1'],
        instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/web',
        interfaces: facts.networkInterfaces,
        spot: false,
        snapshotVolumes: true,
      },
    });
  });

  it('skips unknown, terminated and config-exempt instances', () => {
    expect(decideQuarantine(undefined, 'i-0123456789abcdef0', settings, undefined, started)).toMatchObject({ action: 'skip', outcome: 'not-found' });
    expect(decideQuarantine({ ...facts, state: 'shutting-down' }, facts.instanceId, settings, undefined, started)).toMatchObject({ outcome: 'terminated' });
    expect(decideQuarantine(facts, facts.instanceId, { ...settings, exemptInstanceIds: [facts.instanceId] }, undefined, started)).toMatchObject({
      outcome: 'exempt',
    });
  });

  it('honours the exemption tag only when the config trusts it; "false" never exempts', () => {
    const tagged = { ...facts, tags: { 'guards:quarantine-exempt': '' } };
    expect(decideQuarantine(tagged, facts.instanceId, settings, undefined, started)).toMatchObject({ action: 'contain' });
    expect(decideQuarantine(tagged, facts.instanceId, { ...settings, trustExemptTag: true }, undefined, started)).toMatchObject({ outcome: 'exempt' });
    const notExempt = { ...facts, tags: { 'guards:quarantine-exempt': 'False' } };
    expect(decideQuarantine(notExempt, facts.instanceId, { ...settings, trustExemptTag: true }, undefined, started)).toMatchObject({ action: 'contain' });
  });

  it('on a re-run keeps the recorded state and does not snapshot again; tags change nothing', () => {
    const recorded: QuarantineRecord = {
      instanceId: facts.instanceId,
      startedAt: 'earlier',
      trigger: 'fleet',
      reason: 'r',
      groupsByInterface: { 'eni-1': ['sg-web'] },
      revokedRoleNames: [],
      snapshotIds: ['snap-1'],
    };
    const decision = decideQuarantine(
      {
        ...facts,
        tags: { 'guards:prior:sgs:eni-1': 'sg-attacker' },
        profileAssociations: [],
        networkInterfaces: [{ networkInterfaceId: 'eni-1', vpcId: 'vpc-1', groupIds: ['sg-iso'] }],
      },
      facts.instanceId,
      settings,
      recorded,
      started,
    );
    expect(decision).toMatchObject({ action: 'contain', plan: { recordPriorState: false, record: recorded, snapshotVolumes: false } });
  });

  it('marks a Spot instance, whose termination protection AWS refuses', () => {
    expect(decideQuarantine({ ...facts, lifecycle: 'spot' }, facts.instanceId, settings, undefined, started)).toMatchObject({ plan: { spot: true } });
  });

  it('knows its own tags, and only those', () => {
    expect(guardTagKeys({ 'guards:quarantine': 'active', 'guards:forensic-snapshots': 's', Name: 'web', 'guards:cloudwatch-agent': 'enabled' }).sort()).toEqual(
      ['guards:forensic-snapshots', 'guards:quarantine'],
    );
  });
});

describe('credential revocation and reports', () => {
  it('finds the profile name in an ARN with a path', () => {
    expect(instanceProfileName('arn:aws:iam::1:instance-profile/teams/web/web-profile')).toBe('web-profile');
    expect(() => instanceProfileName('arn:aws:iam::1:role/web')).toThrow('is not an instance profile ARN');
  });

  it('keeps SNS subjects within 100 printable ASCII characters on one line', () => {
    const subject = snsSubject(`[QUARANTINED] ${'i-0123456789abcdef0 '.repeat(10)}\nsecond line é`);
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    const report = formatReport({
      kind: 'incomplete',
      instanceId: 'i-1',
      accountId: '1',
      region: 'eu-west-1',
      trigger: 'fleet',
      reason: 'r',
      at: 't',
      steps: [{ step: 'isolate-network', status: 'failed', detail: 'AccessDenied' }],
    });
    expect(report.message).toContain('1 step(s) FAILED');
    expect(report.message).toContain('[FAILED] isolate-network: AccessDenied');
  });
});
