import './test-env';
import { DeleteTagsCommand, ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { DetachRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler } from '../../../handlers/instance-quarantine-release';
import { answer, happyPath, recordedInstanceId, useQuarantineTestAws } from './aws-mocks';
import { sdkError } from '../../helpers/sdk-errors';
import { emailView } from '../../helpers/published-alert';

const aws = useQuarantineTestAws();

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
  await aws.table.client.send(
    new PutItemCommand({ TableName: process.env.STATE_TABLE_NAME, Item: { pk: { S: `role#${roleName}` }, instances: { SS: instanceIds } } }),
  );
}

function published(): { Subject: string; Message: string } {
  const calls = aws.mocks.sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return emailView(calls[0].args[0].input);
}

describe('instance-quarantine-release handler', () => {
  it("restores the recorded groups, detaches the deny, removes only the guard's tags, uses the approval up and forgets the record", async () => {
    await aws.table.putRecord(record);
    await aws.table.putApproval(recordedInstanceId);
    await roleReferences('ec2-default-role', [recordedInstanceId]);
    happyPath(aws.mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });
    const result = await handler({ instanceId: recordedInstanceId });
    expect(result.outcome).toBe('released');
    expect(aws.mocks.calls.slice(2)).toEqual([
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-7e41d819,sg-0web',
      'DetachRolePolicy ec2-default-role',
      'DeleteTags guards:quarantine,guards:forensic-snapshots',
      'Publish',
    ]);
    expect(aws.mocks.iam.commandCalls(DetachRolePolicyCommand)[0].args[0].input.PolicyArn).toBe(process.env.REVOCATION_POLICY_ARN);
    expect(await aws.table.record(recordedInstanceId)).toBeUndefined();
    expect(await aws.table.item(`release-approval#${recordedInstanceId}`)).toBeUndefined();
    expect(result.steps[0]).toMatchObject({
      step: 'approval',
      status: 'done',
      detail: expect.stringContaining('approved by arn:aws:iam::111122223333:role/security-oncall'),
    });
    const report = published().Message;
    expect(report).toContain('Not restored: the instance profile');
    expect(report).toContain(
      `aws ec2 associate-iam-instance-profile --instance-id ${recordedInstanceId} --iam-instance-profile Arn=arn:aws:iam::0:instance-profile/ec2-default`,
    );
  });

  it('keeps the deny on a role that another quarantined instance still needs', async () => {
    await aws.table.putRecord(record);
    await aws.table.putApproval(recordedInstanceId);
    await roleReferences('ec2-default-role', [recordedInstanceId, 'i-0another000000001']);
    happyPath(aws.mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });
    await handler({ instanceId: recordedInstanceId });
    expect(aws.mocks.iam.commandCalls(DetachRolePolicyCommand)).toHaveLength(0);
    expect(await aws.table.item('role#ec2-default-role')).toMatchObject({ instances: { SS: ['i-0another000000001'] } });
    expect(published().Message).toContain('ec2-default-role: kept, i-0another000000001 still quarantined');
  });

  it('treats a deny detached by someone else as done (NoSuchEntity)', async () => {
    await aws.table.putRecord(record);
    await aws.table.putApproval(recordedInstanceId);
    await roleReferences('ec2-default-role', [recordedInstanceId]);
    happyPath(aws.mocks, { associations: [] });
    answer(aws.mocks, 'iam', DetachRolePolicyCommand, () => {
      throw sdkError('iam', 'NoSuchEntityException', 'Policy arn:aws:iam::111122223333:policy/x was not found.', 404);
    });
    expect((await handler({ instanceId: recordedInstanceId })).outcome).toBe('released');
  });

  it('refuses to release an instance the table holds no record of, whatever its tags say', async () => {
    happyPath(aws.mocks, {
      instance: (instance) => ({ ...instance, Tags: [...quarantinedTags, { Key: 'guards:prior:sgs:eni-ee61adee', Value: 'sg-0attacker' }] }),
    });
    await expect(handler({ instanceId: recordedInstanceId })).rejects.toMatchObject({ name: 'NothingToReleaseError' });
    expect(aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
  });

  it('does not touch an interface that no longer belongs to the instance, and keeps the record for another release', async () => {
    await aws.table.putRecord({ ...record, groupsByInterface: { ...record.groupsByInterface, 'eni-0moved': ['sg-0open'] } });
    await aws.table.putApproval(recordedInstanceId);
    await roleReferences('ec2-default-role', [recordedInstanceId]);
    happyPath(aws.mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });
    await expect(handler({ instanceId: recordedInstanceId })).rejects.toMatchObject({ name: 'ContainmentIncompleteError' });
    expect(aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((call) => call.args[0].input.NetworkInterfaceId)).toEqual(['eni-ee61adee']);
    expect(await aws.table.record(recordedInstanceId)).toBeDefined();
    const report = published();
    expect(report.Subject).toMatch(/^\[RELEASE INCOMPLETE\]/);
    expect(report.Message).toContain(`eni-0moved is no longer attached to ${recordedInstanceId}; not changed`);
  });

  it('in a dry run changes nothing, needs no approval and says whether a release would be approved', async () => {
    await aws.table.putRecord(record);
    happyPath(aws.mocks, { associations: [] });
    const result = await handler({ instanceId: recordedInstanceId, dryRun: true });
    expect(result.outcome).toBe('dry-run');
    expect(result.steps[0]).toEqual({ step: 'approval', status: 'planned', detail: `no approval for ${recordedInstanceId} in the state table` });
    expect(aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
    expect(aws.mocks.ec2.commandCalls(DeleteTagsCommand)).toHaveLength(0);
    expect(await aws.table.record(recordedInstanceId)).toBeDefined();
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
    expect(aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
    expect(aws.mocks.ec2.commandCalls(DeleteTagsCommand)).toHaveLength(0);
    expect(aws.mocks.iam.calls()).toHaveLength(0);
  }

  it('invokes release without an approval: refused with an alert, nothing changed, the record kept', async () => {
    await aws.table.putRecord(record);
    await roleReferences('ec2-default-role', [recordedInstanceId]);
    happyPath(aws.mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });

    const result = await handler({ instanceId: recordedInstanceId });

    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain(`no approval for ${recordedInstanceId} in the state table`);
    expect(result.reason).toContain(
      `aws dynamodb put-item --table-name guards-quarantine-state --item '{"pk": {"S": "release-approval#${recordedInstanceId}"}`,
    );
    changesNothing();
    expect(await aws.table.record(recordedInstanceId)).toEqual(record);
    expect(await aws.table.item('role#ec2-default-role')).toMatchObject({ instances: { SS: [recordedInstanceId] } });
    const report = published();
    expect(report.Subject).toMatch(/^\[RELEASE REFUSED: not approved\] /);
    expect(report.Message).toContain('[FAILED] approval: no approval for');
  });

  it('invokes release on a stale approval (older than the maximum age): refused, nothing changed', async () => {
    await aws.table.putRecord(record);
    await aws.table.putApproval(recordedInstanceId, { approvedAt: new Date(Date.now() - 61 * 60_000) });
    happyPath(aws.mocks, { associations: [] });

    const result = await handler({ instanceId: recordedInstanceId });

    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain('is older than 60 minutes');
    changesNothing();
    expect(await aws.table.record(recordedInstanceId)).toEqual(record);
  });

  it('reuses an approval given before this quarantine started: refused', async () => {
    const startedAt = new Date(Date.now() - 5 * 60_000);
    await aws.table.putRecord({ ...record, startedAt: startedAt.toISOString() });
    await aws.table.putApproval(recordedInstanceId, { approvedAt: new Date(startedAt.getTime() - 60_000) });
    happyPath(aws.mocks, { associations: [] });

    const result = await handler({ instanceId: recordedInstanceId });

    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain('predates this quarantine');
    changesNothing();
  });

  it('with no approvers configured, every release is refused and the report says how to configure them', async () => {
    const approvers = process.env.RELEASE_APPROVERS;
    process.env.RELEASE_APPROVERS = '';
    try {
      await aws.table.putRecord(record);
      await aws.table.putApproval(recordedInstanceId);
      happyPath(aws.mocks, { associations: [] });

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
    await aws.table.putRecord(record);
    await aws.table.putApproval(recordedInstanceId);
    happyPath(aws.mocks, { associations: [] });
    expect((await handler({ instanceId: recordedInstanceId })).outcome).toBe('released');
    // Quarantined again later: the first approval does not release it a second time.
    await aws.table.putRecord({ ...record, startedAt: new Date(Date.now() - 30_000).toISOString() });
    const again = await handler({ instanceId: recordedInstanceId });
    expect(again.outcome).toBe('refused');
    expect(again.reason).toContain(`no approval for ${recordedInstanceId}`);
  });
});
