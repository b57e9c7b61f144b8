import './test-env';
import {
  CreateSecurityGroupCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupEgressCommand,
  DeleteTagsCommand,
} from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler } from '../../../handlers/instance-quarantine';
import { sdkError } from '../../helpers/sdk-errors';
import { answer, guardGroup, happyPath, recordedInstanceId, useQuarantineTestAws } from './aws-mocks';
import { emailView } from '../../helpers/published-alert';

const aws = useQuarantineTestAws();

const manual = { action: 'quarantine', instanceId: recordedInstanceId, reason: 'test: credential stuffing' };
const mutatingCommands = [
  CreateTagsCommand,
  DisassociateIamInstanceProfileCommand,
  CreateSecurityGroupCommand,
  RevokeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  ModifyNetworkInterfaceAttributeCommand,
  CreateSnapshotsCommand,
  ModifyInstanceAttributeCommand,
  DeleteTagsCommand,
  DeleteSecurityGroupCommand,
];

/** EC2 calls made with any of these commands. */
function ec2CallsOf(commands: readonly (abstract new (...args: never[]) => unknown)[]): string[] {
  return aws.mocks.ec2
    .calls()
    .map((call) => call.args[0] as object)
    .filter((command) => commands.some((type) => command instanceof type))
    .map((command) => command.constructor.name);
}

beforeEach(() => {
  process.env.DRY_RUN = 'false';
  process.env.SNAPSHOT_VOLUMES = 'true';
});

function published(): { Subject: string; Message: string } {
  const calls = aws.mocks.sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return emailView(calls[0].args[0].input);
}

/** The recorded instance with a second network interface in another VPC. */
function withTwoInterfaces(instance: Record<string, unknown>): Record<string, unknown> {
  const [primary] = instance.NetworkInterfaces as Record<string, unknown>[];
  return {
    ...instance,
    NetworkInterfaces: [primary, { NetworkInterfaceId: 'eni-0second', VpcId: 'vpc-0other', Groups: [{ GroupId: 'sg-0aaa' }, { GroupId: 'sg-0bbb' }] }],
  };
}

describe('instance-quarantine handler: containment', () => {
  it('contains the recorded instance in the right order and reports it', async () => {
    happyPath(aws.mocks);
    const [result] = await handler(manual);
    expect(result.outcome).toBe('contained');
    expect(aws.mocks.calls).toEqual([
      'DescribeInstances',
      'DescribeIamInstanceProfileAssociations',
      'ModifyInstanceAttribute',
      'ModifyInstanceAttribute',
      'DescribeAutoScalingInstances',
      'DescribeTargetGroups',
      'DisassociateIamInstanceProfile iip-assoc-0be2752c03aaad6c5',
      'GetInstanceProfile',
      'AttachRolePolicy ec2-default-role',
      'DescribeSecurityGroups guards-quarantine-isolation',
      'CreateSecurityGroup guards-quarantine-isolation',
      'RevokeSecurityGroupEgress sg-0d80e0003f8f542cb',
      `DescribeSecurityGroups guards-quarantine-allow-all-${recordedInstanceId}`,
      `CreateSecurityGroup guards-quarantine-allow-all-${recordedInstanceId}`,
      'AuthorizeSecurityGroupIngress sg-0a11a11a11a11a11a',
      'AuthorizeSecurityGroupEgress sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0d80e0003f8f542cb',
      'DeleteSecurityGroup sg-0a11a11a11a11a11a',
      `CreateSnapshots ${recordedInstanceId}`,
      'CreateTags guards:forensic-snapshots',
      'CreateTags guards:quarantine,guards:quarantine:at,guards:quarantine:reason,guards:quarantine:trigger',
      'Publish',
    ]);
    const report = published();
    expect(report.Subject).toBe(`[QUARANTINED] ${recordedInstanceId} in 0/us-west-1 (manual)`);
    expect(report.Message).toContain('[DONE] isolate-network');
    expect(report.Message).toContain('eni-ee61adee: sg-7e41d819');
    // Termination protection and the shutdown behaviour come first, before anything can fail health checks.
    expect(aws.mocks.ec2.commandCalls(ModifyInstanceAttributeCommand).map((call) => call.args[0].input)).toEqual([
      { InstanceId: recordedInstanceId, DisableApiTermination: { Value: true } },
      { InstanceId: recordedInstanceId, InstanceInitiatedShutdownBehavior: { Value: 'stop' } },
    ]);
  });

  it('records the prior state in the state table, not on the instance', async () => {
    happyPath(aws.mocks);
    await handler(manual);
    expect(await aws.table.record(recordedInstanceId)).toMatchObject({
      groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819'] },
      instanceProfileArn: 'arn:aws:iam::0:instance-profile/ec2-default',
      revokedRoleNames: ['ec2-default-role'],
      snapshotIds: ['snap-0root'],
    });
    const tagKeys = aws.mocks.ec2.commandCalls(CreateTagsCommand).flatMap((call) => (call.args[0].input.Tags ?? []).map((tag) => tag.Key));
    expect(tagKeys.filter((key) => key?.startsWith('guards:prior'))).toEqual([]);
  });

  it("revokes credentials by attaching the stack's deny policy, and notes which instance needs it on that role", async () => {
    happyPath(aws.mocks);
    await handler(manual);
    expect(aws.mocks.iam.commandCalls(AttachRolePolicyCommand).map((call) => call.args[0].input)).toEqual([
      { RoleName: 'ec2-default-role', PolicyArn: process.env.REVOCATION_POLICY_ARN },
    ]);
    expect(await aws.table.item('role#ec2-default-role')).toMatchObject({ instances: { SS: [recordedInstanceId] } });
  });

  it("isolates every network interface, each through allow-all first, in its own VPC's groups", async () => {
    happyPath(aws.mocks, { instance: withTwoInterfaces });
    await handler(manual);
    expect(aws.mocks.calls.filter((call) => call.startsWith('ModifyNetworkInterfaceAttribute'))).toEqual([
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0d80e0003f8f542cb',
      'ModifyNetworkInterfaceAttribute eni-0second sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-0second sg-0d80e0003f8f542cb',
    ]);
    const vpcs = aws.mocks.ec2.commandCalls(CreateSecurityGroupCommand).map((call) => `${call.args[0].input.VpcId}/${call.args[0].input.GroupName}`);
    expect(vpcs).toEqual([
      'vpc-01234567/guards-quarantine-isolation',
      'vpc-0other/guards-quarantine-isolation',
      `vpc-01234567/guards-quarantine-allow-all-${recordedInstanceId}`,
      `vpc-0other/guards-quarantine-allow-all-${recordedInstanceId}`,
    ]);
    expect((await aws.table.record(recordedInstanceId))?.groupsByInterface).toEqual({ 'eni-ee61adee': ['sg-7e41d819'], 'eni-0second': ['sg-0aaa', 'sg-0bbb'] });
  });

  it('detaches every instance-profile association, not only the first', async () => {
    happyPath(aws.mocks, {
      associations: [
        { InstanceId: recordedInstanceId, AssociationId: 'iip-assoc-1', State: 'associated', IamInstanceProfile: { Arn: 'arn:aws:iam::0:instance-profile/a' } },
        {
          InstanceId: recordedInstanceId,
          AssociationId: 'iip-assoc-2',
          State: 'associating',
          IamInstanceProfile: { Arn: 'arn:aws:iam::0:instance-profile/b' },
        },
      ],
    });
    await handler(manual);
    expect(aws.mocks.ec2.commandCalls(DisassociateIamInstanceProfileCommand).map((call) => call.args[0].input.AssociationId)).toEqual([
      'iip-assoc-1',
      'iip-assoc-2',
    ]);
  });

  it('uses the isolation group another invocation created first (InvalidGroup.Duplicate)', async () => {
    happyPath(aws.mocks);
    const winner = guardGroup('sg-0winner');
    let described = 0;
    answer<{ Filters: { Name: string; Values: string[] }[] }>(aws.mocks, 'ec2', DescribeSecurityGroupsCommand, (input) => {
      const name = input.Filters.find((filter) => filter.Name === 'group-name')?.Values[0];
      if (name === 'guards-quarantine-isolation') {
        described += 1;
        return { SecurityGroups: described === 1 ? [] : [winner] };
      }
      return { SecurityGroups: [] };
    });
    answer<{ GroupName: string }>(aws.mocks, 'ec2', CreateSecurityGroupCommand, (input) => {
      if (input.GroupName === 'guards-quarantine-isolation')
        throw sdkError('ec2', 'InvalidGroup.Duplicate', "The security group 'guards-quarantine-isolation' already exists");
      return { GroupId: 'sg-0a11a11a11a11a11a' };
    });
    const [result] = await handler(manual);
    expect(result.outcome).toBe('contained');
    const moves = aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((call) => call.args[0].input.Groups);
    expect(moves).toEqual([['sg-0a11a11a11a11a11a'], ['sg-0winner']]);
    // The winner's group had no egress left to revoke.
    expect(aws.mocks.ec2.commandCalls(RevokeSecurityGroupEgressCommand)).toHaveLength(0);
  });

  it('on a re-run keeps the recorded state, reuses the groups and skips done work', async () => {
    await aws.table.putRecord({
      instanceId: recordedInstanceId,
      startedAt: '2026-11-23T01:00:00.000Z',
      trigger: 'manual',
      reason: 'first run',
      groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819'] },
      instanceProfileArn: 'arn:aws:iam::0:instance-profile/ec2-default',
      revokedRoleNames: ['ec2-default-role'],
      snapshotIds: ['snap-0old'],
    });
    happyPath(aws.mocks, {
      instance: (instance) => ({ ...instance, NetworkInterfaces: [{ ...(instance.NetworkInterfaces as object[])[0], Groups: [{ GroupId: 'sg-0iso' }] }] }),
      associations: [],
      existingGroups: { 'guards-quarantine-isolation': guardGroup('sg-0iso') },
    });
    const [result] = await handler(manual);
    expect(result.outcome).toBe('contained');
    const tagWrites = aws.mocks.ec2.commandCalls(CreateTagsCommand).map((call) => (call.args[0].input.Tags ?? []).map((tag) => tag.Key));
    expect(tagWrites).toEqual([['guards:quarantine', 'guards:quarantine:at', 'guards:quarantine:reason', 'guards:quarantine:trigger']]);
    expect(
      ec2CallsOf([CreateSecurityGroupCommand, ModifyNetworkInterfaceAttributeCommand, CreateSnapshotsCommand, DisassociateIamInstanceProfileCommand]),
    ).toEqual([]);
    // The deny is attached again from the recorded profile: attaching an attached policy changes nothing.
    expect(aws.mocks.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(1);
    expect(await aws.table.record(recordedInstanceId)).toMatchObject({
      startedAt: '2026-11-23T01:00:00.000Z',
      groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819'] },
      revokedRoleNames: ['ec2-default-role'],
    });
    expect(published().Message).toContain('[SKIPPED] record-prior-state');
  });

  it('reports a throttled step as failed, runs the others, notifies, then fails for a retry', async () => {
    happyPath(aws.mocks);
    answer(aws.mocks, 'ec2', DisassociateIamInstanceProfileCommand, () => {
      throw sdkError('ec2', 'RequestLimitExceeded', 'Request limit exceeded.', 503);
    });
    await expect(handler(manual)).rejects.toMatchObject({ name: 'ContainmentIncompleteError', message: expect.stringContaining('detach-instance-profile') });
    expect(aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(2);
    expect(aws.mocks.ec2.commandCalls(ModifyInstanceAttributeCommand)).toHaveLength(2);
    const report = published();
    expect(report.Subject).toMatch(/^\[QUARANTINE INCOMPLETE\]/);
    expect(report.Message).toContain('[FAILED] detach-instance-profile: RequestLimitExceeded: Request limit exceeded.');
  });

  it('reports access denied on one step and still isolates the network', async () => {
    happyPath(aws.mocks);
    answer(aws.mocks, 'iam', AttachRolePolicyCommand, () => {
      throw sdkError('iam', 'AccessDenied', 'User is not authorized to perform: iam:AttachRolePolicy', 403);
    });
    await expect(handler(manual)).rejects.toThrow(/revoke-credentials \(AccessDenied/);
    expect(aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(2);
    expect(published().Message).toContain('[FAILED] revoke-credentials: AccessDenied');
  });

  it('fails when the report cannot be published, so the event is retried and kept', async () => {
    happyPath(aws.mocks);
    answer(aws.mocks, 'sns', PublishCommand, () => {
      throw sdkError('sns', 'KMSAccessDeniedException', 'no access to the key', 400);
    });
    await expect(handler(manual)).rejects.toMatchObject({ name: 'KMSAccessDeniedException' });
  });

  it('in dry-run mode gathers facts, reports the plan and changes nothing', async () => {
    happyPath(aws.mocks);
    process.env.DRY_RUN = 'true';
    const [result] = await handler(manual);
    expect(result.outcome).toBe('dry-run');
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
    expect(aws.mocks.iam.commandCalls(AttachRolePolicyCommand)).toHaveLength(0);
    expect(await aws.table.record(recordedInstanceId)).toBeUndefined();
    const report = published();
    expect(report.Subject).toMatch(/^\[DRY RUN: would quarantine\]/);
    expect(report.Message).toContain('[PLANNED] isolate-network');
  });

  it('leaves an instance exempt in the config alone but says it was flagged', async () => {
    happyPath(aws.mocks);
    process.env.EXEMPT_INSTANCE_IDS = `i-0123456789abcdef0,${recordedInstanceId}`;
    try {
      const [result] = await handler(manual);
      expect(result.outcome).toBe('exempt');
    } finally {
      process.env.EXEMPT_INSTANCE_IDS = '';
    }
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
    expect(published().Subject).toMatch(/^\[EXEMPT, not quarantined\]/);
  });

  it('honours the exemption tag only when the config says tag writes are protected', async () => {
    happyPath(aws.mocks, { instance: (instance) => ({ ...instance, Tags: [{ Key: 'guards:quarantine-exempt', Value: 'bastion' }] }) });
    process.env.TRUST_EXEMPT_TAG = 'true';
    try {
      expect((await handler(manual))[0].outcome).toBe('exempt');
    } finally {
      process.env.TRUST_EXEMPT_TAG = 'false';
    }
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
  });

  it('does nothing for a terminated or unknown instance', async () => {
    happyPath(aws.mocks, { instance: (instance) => ({ ...instance, State: { Code: 48, Name: 'terminated' } }) });
    expect((await handler(manual))[0].outcome).toBe('terminated');
    answer(aws.mocks, 'ec2', DescribeInstancesCommand, () => {
      throw sdkError('ec2', 'InvalidInstanceID.NotFound', "The instance ID 'i-00fe7967fb7167c62' does not exist");
    });
    expect((await handler(manual))[0].outcome).toBe('not-found');
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
    expect(aws.mocks.sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('fails without touching anything when the facts cannot be read', async () => {
    happyPath(aws.mocks);
    answer(aws.mocks, 'ec2', DescribeInstancesCommand, () => {
      throw sdkError('ec2', 'UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    });
    await expect(handler(manual)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
  });

  it('rejects a malformed event with an error that names the field', async () => {
    await expect(handler({ action: 'quarantine', instanceId: 'web-01' })).rejects.toMatchObject({
      name: 'InvalidEventError',
      message: expect.stringContaining('instanceId'),
    });
    await expect(handler({ action: 'release', instanceId: recordedInstanceId })).rejects.toThrow(/release is done by the release function/);
    expect(aws.mocks.calls).toEqual([]);
  });
});
