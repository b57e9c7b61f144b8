import './test-env';
import { DeleteTagsCommand, ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { DetachRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler } from '../../../handlers/instance-quarantine-release';
import { AwsMocks, answer, happyPath, mockAws, recordedInstanceId, restoreAws } from './aws-mocks';
import { sdkError } from '../../helpers/sdk-errors';
import { MotoStateTable } from './state-table';

let mocks: AwsMocks;
let table: MotoStateTable;

beforeAll(async () => {
  table = await MotoStateTable.start();
}, 120_000);

afterAll(() => table?.stop());

beforeEach(async () => {
  await table.reset();
  mocks = mockAws();
});

afterEach(() => restoreAws(mocks));

const record = {
  instanceId: recordedInstanceId,
  startedAt: '2026-11-23T01:00:00.000Z',
  trigger: 'fleet',
  reason: 'r',
  groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819', 'sg-0web'] },
  instanceProfileArn: 'arn:aws:iam::0:instance-profile/ec2-default',
  revokedRoleNames: ['ec2-default-role'],
  snapshotIds: ['snap-0old'],
};
const quarantinedTags = [
  { Key: 'guards:quarantine', Value: 'active' },
  { Key: 'guards:forensic-snapshots', Value: 'snap-0old' },
  { Key: 'Name', Value: 'web-01' },
];

/** What `addRoleReference` leaves in the table for these instances. */
async function roleReferences(roleName: string, instanceIds: string[]): Promise<void> {
  const { PutItemCommand } = await import('@aws-sdk/client-dynamodb');
  await table.client.send(new PutItemCommand({ TableName: process.env.STATE_TABLE_NAME, Item: { pk: { S: `role#${roleName}` }, instances: { SS: instanceIds } } }));
}

function published(): { Subject: string; Message: string } {
  const calls = mocks.sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input as { Subject: string; Message: string };
}

describe('instance-quarantine-release handler', () => {
  it('restores the recorded groups, detaches the deny, removes only the guard\'s tags, uses the approval up and forgets the record', async () => {
    await table.putRecord(record);
    await table.putApproval(recordedInstanceId);
    await roleReferences('ec2-default-role', [recordedInstanceId]);
    happyPath(mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });
    const result = await handler({ instanceId: recordedInstanceId });
    expect(result.outcome).toBe('released');
    expect(mocks.calls.slice(2)).toEqual([
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-7e41d819,sg-0web',
      'DetachRolePolicy ec2-default-role',
      'DeleteTags guards:quarantine,guards:forensic-snapshots',
      'Publish',
    ]);
    expect(mocks.iam.commandCalls(DetachRolePolicyCommand)[0].args[0].input.PolicyArn).toBe(process.env.REVOCATION_POLICY_ARN);
    expect(await table.record(recordedInstanceId)).toBeUndefined();
    expect(await table.item(`release-approval#${recordedInstanceId}`)).toBeUndefined();
    expect(result.steps[0]).toMatchObject({ step: 'approval', status: 'done', detail: expect.stringContaining('approved by arn:aws:iam::111122223333:role/security-oncall') });
    const report = published().Message;
    expect(report).toContain('Not restored: the instance profile');
    expect(report).toContain(`aws ec2 associate-iam-instance-profile --instance-id ${recordedInstanceId} --iam-instance-profile Arn=arn:aws:iam::0:instance-profile/ec2-default`);
  });

  it('keeps the deny on a role that another quarantined instance still needs', async () => {
    await table.putRecord(record);
    await table.putApproval(recordedInstanceId);
    await roleReferences('ec2-default-role', [recordedInstanceId, 'i-0another000000001']);
    happyPath(mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });
    await handler({ instanceId: recordedInstanceId });
    expect(mocks.iam.commandCalls(DetachRolePolicyCommand)).toHaveLength(0);
    expect(await table.item('role#ec2-default-role')).toMatchObject({ instances: { SS: ['i-0another000000001'] } });
    expect(published().Message).toContain('ec2-default-role: kept, i-0another000000001 still quarantined');
  });

  it('treats a deny detached by someone else as done (NoSuchEntity)', async () => {
    await table.putRecord(record);
    await table.putApproval(recordedInstanceId);
    await roleReferences('ec2-default-role', [recordedInstanceId]);
    happyPath(mocks, { associations: [] });
    answer(mocks, 'iam', DetachRolePolicyCommand, () => {
      throw sdkError('iam', 'NoSuchEntityException', 'Policy arn:aws:iam::111122223333:policy/x was not found.', 404);
    });
    expect((await handler({ instanceId: recordedInstanceId })).outcome).toBe('released');
  });

  it('refuses to release an instance the table holds no record of, whatever its tags say', async () => {
    happyPath(mocks, { instance: (instance) => ({ ...instance, Tags: [...quarantinedTags, { Key: 'guards:prior:sgs:eni-ee61adee', Value: 'sg-0attacker' }] }) });
    await expect(handler({ instanceId: recordedInstanceId })).rejects.toMatchObject({ name: 'NothingToReleaseError' });
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
  });

  it('does not touch an interface that no longer belongs to the instance, and keeps the record for another release', async () => {
    await table.putRecord({ ...record, groupsByInterface: { ...record.groupsByInterface, 'eni-0moved': ['sg-0open'] } });
    await table.putApproval(recordedInstanceId);
    await roleReferences('ec2-default-role', [recordedInstanceId]);
    happyPath(mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });
    await expect(handler({ instanceId: recordedInstanceId })).rejects.toMatchObject({ name: 'ContainmentIncompleteError' });
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((call) => call.args[0].input.NetworkInterfaceId)).toEqual(['eni-ee61adee']);
    expect(await table.record(recordedInstanceId)).toBeDefined();
    const report = published();
    expect(report.Subject).toMatch(/^\[RELEASE INCOMPLETE\]/);
    expect(report.Message).toContain(`eni-0moved is no longer attached to ${recordedInstanceId}; not changed`);
  });

  it('in a dry run changes nothing, needs no approval and says whether a release would be approved', async () => {
    await table.putRecord(record);
    happyPath(mocks, { associations: [] });
    const result = await handler({ instanceId: recordedInstanceId, dryRun: true });
    expect(result.outcome).toBe('dry-run');
    expect(result.steps[0]).toEqual({ step: 'approval', status: 'planned', detail: `no approval for ${recordedInstanceId} in the state table` });
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(DeleteTagsCommand)).toHaveLength(0);
    expect(await table.record(recordedInstanceId)).toBeDefined();
  });

  it('rejects a malformed request, naming the field', async () => {
    await expect(handler({ instanceId: 'web-01' })).rejects.toThrow('instanceId: must be an instance id');
    await expect(handler({ action: 'quarantine', instanceId: recordedInstanceId })).rejects.toThrow('action: "quarantine" is not release');
  });
});

/**
 * An attacker with PowerUser-like rights (lambda:*, dynamodb:*, ec2:*, no IAM writes) may invoke the
 * release function. That alone must release nothing: the release needs an approval that only the
 * configured approvers can write (the table policy's side is simulated in
 * __tests__/modules/release-approval-policy.test.ts).
 */
describe('instance-quarantine-release: an attacker who may invoke the function', () => {
  function changesNothing(): void {
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
    expect(mocks.ec2.commandCalls(DeleteTagsCommand)).toHaveLength(0);
    expect(mocks.iam.calls()).toHaveLength(0);
  }

  it('invokes release without an approval: refused with an alert, nothing changed, the record kept', async () => {
    await table.putRecord(record);
    await roleReferences('ec2-default-role', [recordedInstanceId]);
    happyPath(mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });

    const result = await handler({ instanceId: recordedInstanceId });

    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain(`no approval for ${recordedInstanceId} in the state table`);
    expect(result.reason).toContain(`aws dynamodb put-item --table-name guards-quarantine-state --item '{"pk": {"S": "release-approval#${recordedInstanceId}"}`);
    changesNothing();
    expect(await table.record(recordedInstanceId)).toEqual(record);
    expect(await table.item('role#ec2-default-role')).toMatchObject({ instances: { SS: [recordedInstanceId] } });
    const report = published();
    expect(report.Subject).toMatch(/^\[RELEASE REFUSED: not approved\] /);
    expect(report.Message).toContain('[FAILED] approval: no approval for');
  });

  it('invokes release on a stale approval (older than the maximum age): refused, nothing changed', async () => {
    await table.putRecord(record);
    await table.putApproval(recordedInstanceId, { approvedAt: new Date(Date.now() - 61 * 60_000) });
    happyPath(mocks, { associations: [] });

    const result = await handler({ instanceId: recordedInstanceId });

    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain('is older than 60 minutes');
    changesNothing();
    expect(await table.record(recordedInstanceId)).toEqual(record);
  });

  it('reuses an approval given before this quarantine started: refused', async () => {
    const startedAt = new Date(Date.now() - 5 * 60_000);
    await table.putRecord({ ...record, startedAt: startedAt.toISOString() });
    await table.putApproval(recordedInstanceId, { approvedAt: new Date(startedAt.getTime() - 60_000) });
    happyPath(mocks, { associations: [] });

    const result = await handler({ instanceId: recordedInstanceId });

    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain('predates this quarantine');
    changesNothing();
  });

  it('with no approvers configured, every release is refused and the report says how to configure them', async () => {
    const approvers = process.env.RELEASE_APPROVERS;
    process.env.RELEASE_APPROVERS = '';
    try {
      await table.putRecord(record);
      await table.putApproval(recordedInstanceId);
      happyPath(mocks, { associations: [] });

      const result = await handler({ instanceId: recordedInstanceId });

      expect(result.outcome).toBe('refused');
      expect(result.reason).toContain('no release approvers are configured');
      expect(result.reason).toContain('guards.instanceQuarantine.releaseApprovers');
      changesNothing();
    } finally {
      process.env.RELEASE_APPROVERS = approvers;
    }
  });

  it('one approval releases once: it is deleted before the first change', async () => {
    await table.putRecord(record);
    await table.putApproval(recordedInstanceId);
    happyPath(mocks, { associations: [] });
    expect((await handler({ instanceId: recordedInstanceId })).outcome).toBe('released');
    // Quarantined again later: the first approval does not release it a second time.
    await table.putRecord({ ...record, startedAt: new Date(Date.now() - 30_000).toISOString() });
    const again = await handler({ instanceId: recordedInstanceId });
    expect(again.outcome).toBe('refused');
    expect(again.reason).toContain(`no approval for ${recordedInstanceId}`);
  });
});
