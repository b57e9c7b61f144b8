import {
  InstanceFacts,
  decideQuarantine,
  guardTagKeys,
  instanceProfileName,
  priorStateFromTags,
  priorStateTags,
  revocationPolicy,
} from '../../../handlers/instance-quarantine/decision';
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
const settings = { exemptTagKey: 'guards:quarantine-exempt', snapshotVolumes: true };

describe('prior state as tags', () => {
  it('round-trips through the tags, splitting group lists over 256 characters', () => {
    const groupIds = Array.from({ length: 16 }, (_, index) => `sg-${String(index).padStart(17, '0')}`);
    const state = { groupsByInterface: { 'eni-0a': groupIds, 'eni-0b': ['sg-1'] }, instanceProfileArn: 'arn:aws:iam::1:instance-profile/web' };
    const tags = priorStateTags(state, '2026-11-23T00:00:00.000Z');
    expect(tags.every((tag) => tag.Value.length <= 256)).toBe(true);
    expect(tags.map((tag) => tag.Key)).toContain('guards:prior:sgs:eni-0a#2');
    const asRecord = Object.fromEntries(tags.map((tag) => [tag.Key, tag.Value]));
    expect(priorStateFromTags(asRecord)).toEqual(state);
    expect(guardTagKeys({ ...asRecord, Name: 'web' }).sort()).toEqual(Object.keys(asRecord).sort());
  });

  it('is absent when nothing was recorded', () => {
    expect(priorStateFromTags({ Name: 'web' })).toBeUndefined();
  });
});

describe('decideQuarantine', () => {
  it('contains a running instance: records state, detaches, snapshots', () => {
    expect(decideQuarantine(facts, facts.instanceId, settings)).toEqual({
      action: 'contain',
      plan: {
        recordPriorState: true,
        priorState: { groupsByInterface: { 'eni-1': ['sg-1', 'sg-2'] }, instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/web' },
        associationIdsToDetach: ['iip-1'],
        instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/web',
        interfaces: facts.networkInterfaces,
        volumeIdsToSnapshot: ['vol-1'],
      },
    });
  });

  it('skips unknown, terminated and exempt instances; "false" does not exempt', () => {
    expect(decideQuarantine(undefined, 'i-0123456789abcdef0', settings)).toMatchObject({ action: 'skip', outcome: 'not-found' });
    expect(decideQuarantine({ ...facts, state: 'shutting-down' }, facts.instanceId, settings)).toMatchObject({ outcome: 'terminated' });
    expect(decideQuarantine({ ...facts, tags: { 'guards:quarantine-exempt': '' } }, facts.instanceId, settings)).toMatchObject({ outcome: 'exempt' });
    expect(decideQuarantine({ ...facts, tags: { 'guards:quarantine-exempt': 'False' } }, facts.instanceId, settings)).toMatchObject({ action: 'contain' });
  });

  it('on a re-run keeps the recorded state and does not snapshot again', () => {
    const tags = {
      ...Object.fromEntries(priorStateTags({ groupsByInterface: { 'eni-1': ['sg-web'] } }, '2026-11-23T00:00:00.000Z').map((tag) => [tag.Key, tag.Value])),
      'guards:forensic-snapshots': 'snap-1',
    };
    const decision = decideQuarantine({ ...facts, tags, profileAssociations: [], networkInterfaces: [{ networkInterfaceId: 'eni-1', vpcId: 'vpc-1', groupIds: ['sg-iso'] }] }, facts.instanceId, settings);
    expect(decision).toMatchObject({ action: 'contain', plan: { recordPriorState: false, priorState: { groupsByInterface: { 'eni-1': ['sg-web'] } }, volumeIdsToSnapshot: [] } });
  });
});

describe('credential revocation and reports', () => {
  it('denies only sessions of this instance issued before the given time', () => {
    expect(JSON.parse(revocationPolicy('arn:aws:ec2:eu-west-1:1:instance/i-1', '2026-11-23T00:00:00.000Z')).Statement[0].Condition).toEqual({
      StringEquals: { 'ec2:SourceInstanceARN': 'arn:aws:ec2:eu-west-1:1:instance/i-1' },
      DateLessThan: { 'aws:TokenIssueTime': '2026-11-23T00:00:00.000Z' },
    });
  });

  it('finds the profile name in an ARN with a path', () => {
    expect(instanceProfileName('arn:aws:iam::1:instance-profile/teams/web/web-profile')).toBe('web-profile');
    expect(() => instanceProfileName('arn:aws:iam::1:role/web')).toThrow('is not an instance profile ARN');
  });

  it('keeps SNS subjects within 100 printable ASCII characters on one line', () => {
    const subject = snsSubject(`[QUARANTINED] ${'i-0123456789abcdef0 '.repeat(10)}\nsecond line é`);
    expect(subject.length).toBeLessThanOrEqual(100);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    const report = formatReport({ kind: 'incomplete', instanceId: 'i-1', accountId: '1', region: 'eu-west-1', trigger: 'fleet', reason: 'r', at: 't', steps: [{ step: 'isolate-network', status: 'failed', detail: 'AccessDenied' }] });
    expect(report.body).toContain('1 step(s) FAILED');
    expect(report.body).toContain('[FAILED] isolate-network: AccessDenied');
  });
});
