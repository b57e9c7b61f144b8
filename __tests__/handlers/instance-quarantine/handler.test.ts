import './test-env';
import {
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  AssociateIamInstanceProfileCommand,
  AuthorizeSecurityGroupIngressCommand,
  RevokeSecurityGroupEgressCommand,
  DeleteTagsCommand,
} from '@aws-sdk/client-ec2';
import { PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler } from '../../../handlers/instance-quarantine';
import { sdkError } from '../../helpers/sdk-errors';
import { AwsMocks, answer, happyPath, mockAws, recordedInstanceId } from './aws-mocks';

const manual = { action: 'quarantine', instanceId: recordedInstanceId, reason: 'test: credential stuffing' };
const mutatingCommands = [
  CreateTagsCommand,
  DisassociateIamInstanceProfileCommand,
  CreateSecurityGroupCommand,
  RevokeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  ModifyNetworkInterfaceAttributeCommand,
  CreateSnapshotCommand,
  ModifyInstanceAttributeCommand,
  DeleteTagsCommand,
  AssociateIamInstanceProfileCommand,
];

let mocks: AwsMocks;

/** EC2 calls made with any of these commands. */
function ec2CallsOf(commands: readonly (abstract new (...args: never[]) => unknown)[]): string[] {
  return mocks.ec2
    .calls()
    .map((call) => call.args[0] as object)
    .filter((command) => commands.some((type) => command instanceof type))
    .map((command) => command.constructor.name);
}

beforeEach(() => {
  mocks = mockAws();
  delete process.env.DRY_RUN;
  delete process.env.SNAPSHOT_VOLUMES;
});

afterEach(() => {
  mocks.ec2.restore();
  mocks.iam.restore();
  mocks.sns.restore();
});

function published(): { Subject: string; Message: string } {
  const calls = mocks.sns.commandCalls(PublishCommand);
  expect(calls).toHaveLength(1);
  return calls[0].args[0].input as { Subject: string; Message: string };
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
    happyPath(mocks);
    const [result] = await handler(manual);
    expect(result.outcome).toBe('contained');
    expect(mocks.calls).toEqual([
      'DescribeInstances',
      'DescribeIamInstanceProfileAssociations',
      'CreateTags guards:prior:recorded-at,guards:prior:instance-profile,guards:prior:sgs:eni-ee61adee',
      'DisassociateIamInstanceProfile iip-assoc-0be2752c03aaad6c5',
      'GetInstanceProfile',
      'PutRolePolicy ec2-default-role',
      'DescribeSecurityGroups guards-quarantine-isolation',
      'CreateSecurityGroup guards-quarantine-isolation',
      'RevokeSecurityGroupEgress sg-0d80e0003f8f542cb',
      'DescribeSecurityGroups guards-quarantine-allow-all',
      'CreateSecurityGroup guards-quarantine-allow-all',
      'AuthorizeSecurityGroupIngress sg-0a11a11a11a11a11a',
      'AuthorizeSecurityGroupEgress sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0d80e0003f8f542cb',
      'CreateSnapshot vol-0b6158b4b95bfde5f',
      'CreateTags guards:forensic-snapshots',
      'ModifyInstanceAttribute',
      'CreateTags guards:quarantine,guards:quarantine:at,guards:quarantine:reason,guards:quarantine:trigger',
      'Publish',
    ]);
    const report = published();
    expect(report.Subject).toBe(`[QUARANTINED] ${recordedInstanceId} in 0/us-west-1 (manual)`);
    expect(report.Message).toContain('[DONE] isolate-network');
    expect(report.Message).toContain('eni-ee61adee: sg-7e41d819');
  });

  it('records the prior state exactly as a release needs it', async () => {
    happyPath(mocks);
    await handler(manual);
    const [recordCall] = mocks.ec2.commandCalls(CreateTagsCommand);
    const tags = Object.fromEntries((recordCall.args[0].input.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
    expect(tags['guards:prior:sgs:eni-ee61adee']).toBe('sg-7e41d819');
    expect(tags['guards:prior:instance-profile']).toBe('arn:aws:iam::0:instance-profile/ec2-default');
  });

  it('revokes only this instance\'s credentials issued before the quarantine', async () => {
    happyPath(mocks);
    const before = new Date().toISOString();
    await handler(manual);
    const input = mocks.iam.commandCalls(PutRolePolicyCommand)[0].args[0].input;
    expect(input.PolicyName).toBe(`guards-quarantine-${recordedInstanceId}`);
    const statement = JSON.parse(input.PolicyDocument ?? '{}').Statement[0];
    expect(statement).toMatchObject({ Effect: 'Deny', Action: '*', Resource: '*' });
    expect(statement.Condition.StringEquals).toEqual({ 'ec2:SourceInstanceARN': `arn:aws:ec2:us-west-1:0:instance/${recordedInstanceId}` });
    expect(statement.Condition.DateLessThan['aws:TokenIssueTime'] >= before).toBe(true);
  });

  it('isolates every network interface, each through allow-all first, in its own VPC\'s groups', async () => {
    happyPath(mocks, { instance: withTwoInterfaces });
    await handler(manual);
    expect(mocks.calls.filter((call) => call.startsWith('ModifyNetworkInterfaceAttribute'))).toEqual([
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-0d80e0003f8f542cb',
      'ModifyNetworkInterfaceAttribute eni-0second sg-0a11a11a11a11a11a',
      'ModifyNetworkInterfaceAttribute eni-0second sg-0d80e0003f8f542cb',
    ]);
    const vpcs = mocks.ec2.commandCalls(CreateSecurityGroupCommand).map((call) => `${call.args[0].input.VpcId}/${call.args[0].input.GroupName}`);
    expect(vpcs).toEqual([
      'vpc-01234567/guards-quarantine-isolation',
      'vpc-01234567/guards-quarantine-allow-all',
      'vpc-0other/guards-quarantine-isolation',
      'vpc-0other/guards-quarantine-allow-all',
    ]);
    const tags = Object.fromEntries((mocks.ec2.commandCalls(CreateTagsCommand)[0].args[0].input.Tags ?? []).map((tag) => [tag.Key, tag.Value]));
    expect(tags['guards:prior:sgs:eni-0second']).toBe('sg-0aaa,sg-0bbb');
  });

  it('detaches every instance-profile association, not only the first', async () => {
    happyPath(mocks, {
      associations: [
        { InstanceId: recordedInstanceId, AssociationId: 'iip-assoc-1', State: 'associated', IamInstanceProfile: { Arn: 'arn:aws:iam::0:instance-profile/a' } },
        { InstanceId: recordedInstanceId, AssociationId: 'iip-assoc-2', State: 'associating', IamInstanceProfile: { Arn: 'arn:aws:iam::0:instance-profile/b' } },
      ],
    });
    await handler(manual);
    expect(mocks.ec2.commandCalls(DisassociateIamInstanceProfileCommand).map((call) => call.args[0].input.AssociationId)).toEqual(['iip-assoc-1', 'iip-assoc-2']);
  });

  it('uses the isolation group another invocation created first (InvalidGroup.Duplicate)', async () => {
    happyPath(mocks);
    const winner = { GroupId: 'sg-0winner', IpPermissions: [], IpPermissionsEgress: [] };
    let described = 0;
    answer<{ Filters: { Name: string; Values: string[] }[] }>(mocks, 'ec2', DescribeSecurityGroupsCommand, (input) => {
      const name = input.Filters.find((filter) => filter.Name === 'group-name')?.Values[0];
      if (name === 'guards-quarantine-isolation') {
        described += 1;
        return { SecurityGroups: described === 1 ? [] : [winner] };
      }
      return { SecurityGroups: [] };
    });
    answer<{ GroupName: string }>(mocks, 'ec2', CreateSecurityGroupCommand, (input) => {
      if (input.GroupName === 'guards-quarantine-isolation') throw sdkError('ec2', 'InvalidGroup.Duplicate', "The security group 'guards-quarantine-isolation' already exists");
      return { GroupId: 'sg-0a11a11a11a11a11a' };
    });
    const [result] = await handler(manual);
    expect(result.outcome).toBe('contained');
    const moves = mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((call) => call.args[0].input.Groups);
    expect(moves).toEqual([['sg-0a11a11a11a11a11a'], ['sg-0winner']]);
    // The winner's group had no egress left to revoke.
    expect(mocks.ec2.commandCalls(RevokeSecurityGroupEgressCommand)).toHaveLength(0);
  });

  it('on a re-run keeps the recorded state, reuses the groups and skips done work', async () => {
    happyPath(mocks, {
      instance: (instance) => ({
        ...instance,
        NetworkInterfaces: [{ ...(instance.NetworkInterfaces as object[])[0], Groups: [{ GroupId: 'sg-0iso' }] }],
        Tags: [
          { Key: 'guards:prior:recorded-at', Value: '2026-11-23T01:00:00.000Z' },
          { Key: 'guards:prior:sgs:eni-ee61adee', Value: 'sg-7e41d819' },
          { Key: 'guards:prior:instance-profile', Value: 'arn:aws:iam::0:instance-profile/ec2-default' },
          { Key: 'guards:forensic-snapshots', Value: 'snap-0old' },
        ],
      }),
      associations: [],
      existingGroups: {
        'guards-quarantine-isolation': { GroupId: 'sg-0iso', IpPermissions: [], IpPermissionsEgress: [] },
        'guards-quarantine-allow-all': {
          GroupId: 'sg-0all',
          IpPermissions: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
          IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] }],
        },
      },
    });
    const [result] = await handler(manual);
    expect(result.outcome).toBe('contained');
    const tagWrites = mocks.ec2.commandCalls(CreateTagsCommand).map((call) => (call.args[0].input.Tags ?? []).map((tag) => tag.Key));
    expect(tagWrites).toEqual([['guards:quarantine', 'guards:quarantine:at', 'guards:quarantine:reason', 'guards:quarantine:trigger']]);
    expect(ec2CallsOf([CreateSecurityGroupCommand, ModifyNetworkInterfaceAttributeCommand, CreateSnapshotCommand, DisassociateIamInstanceProfileCommand])).toEqual([]);
    // The deny is put again from the recorded profile: the same name, so nothing piles up.
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(1);
    expect(published().Message).toContain('[SKIPPED] record-prior-state');
  });

  it('reports a throttled step as failed, runs the others, notifies, then fails for a retry', async () => {
    happyPath(mocks);
    answer(mocks, 'ec2', DisassociateIamInstanceProfileCommand, () => {
      throw sdkError('ec2', 'RequestLimitExceeded', 'Request limit exceeded.', 503);
    });
    await expect(handler(manual)).rejects.toMatchObject({ name: 'ContainmentIncompleteError', message: expect.stringContaining('detach-instance-profile') });
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(2);
    expect(mocks.ec2.commandCalls(ModifyInstanceAttributeCommand)).toHaveLength(1);
    const report = published();
    expect(report.Subject).toMatch(/^\[QUARANTINE INCOMPLETE\]/);
    expect(report.Message).toContain('[FAILED] detach-instance-profile: RequestLimitExceeded: Request limit exceeded.');
  });

  it('reports access denied on one step and still isolates the network', async () => {
    happyPath(mocks);
    answer(mocks, 'iam', PutRolePolicyCommand, () => {
      throw sdkError('iam', 'AccessDenied', 'User is not authorized to perform: iam:PutRolePolicy', 403);
    });
    await expect(handler(manual)).rejects.toThrow(/revoke-credentials \(AccessDenied/);
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(2);
    expect(published().Message).toContain('[FAILED] revoke-credentials: AccessDenied');
  });

  it('fails when the report cannot be published, so the event is retried and kept', async () => {
    happyPath(mocks);
    answer(mocks, 'sns', PublishCommand, () => {
      throw sdkError('sns', 'KMSAccessDeniedException', 'no access to the key');
    });
    await expect(handler(manual)).rejects.toMatchObject({ name: 'KMSAccessDeniedException' });
  });

  it('in dry-run mode gathers facts, reports the plan and changes nothing', async () => {
    happyPath(mocks);
    process.env.DRY_RUN = 'true';
    const [result] = await handler(manual);
    expect(result.outcome).toBe('dry-run');
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
    expect(mocks.iam.commandCalls(PutRolePolicyCommand)).toHaveLength(0);
    const report = published();
    expect(report.Subject).toMatch(/^\[DRY RUN: would quarantine\]/);
    expect(report.Message).toContain('[PLANNED] isolate-network');
  });

  it('leaves an exempt instance alone but says it was flagged', async () => {
    happyPath(mocks, { instance: (instance) => ({ ...instance, Tags: [{ Key: 'guards:quarantine-exempt', Value: 'bastion' }] }) });
    const [result] = await handler(manual);
    expect(result.outcome).toBe('exempt');
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
    expect(published().Subject).toMatch(/^\[EXEMPT, not quarantined\]/);
  });

  it('does nothing for a terminated or unknown instance', async () => {
    happyPath(mocks, { instance: (instance) => ({ ...instance, State: { Code: 48, Name: 'terminated' } }) });
    expect((await handler(manual))[0].outcome).toBe('terminated');
    answer(mocks, 'ec2', DescribeInstancesCommand, () => {
      throw sdkError('ec2', 'InvalidInstanceID.NotFound', "The instance ID 'i-00fe7967fb7167c62' does not exist");
    });
    expect((await handler(manual))[0].outcome).toBe('not-found');
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
    expect(mocks.sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('fails without touching anything when the facts cannot be read', async () => {
    happyPath(mocks);
    answer(mocks, 'ec2', DescribeInstancesCommand, () => {
      throw sdkError('ec2', 'UnauthorizedOperation', 'You are not authorized to perform this operation.', 403);
    });
    await expect(handler(manual)).rejects.toMatchObject({ name: 'UnauthorizedOperation' });
    expect(ec2CallsOf(mutatingCommands)).toEqual([]);
  });

  it('rejects a malformed event with an error that names the field', async () => {
    await expect(handler({ action: 'quarantine', instanceId: 'web-01' })).rejects.toMatchObject({ name: 'InvalidEventError', message: expect.stringContaining('instanceId') });
    expect(mocks.calls).toEqual([]);
  });
});

describe('instance-quarantine handler: release', () => {
  const quarantinedTags = [
    { Key: 'guards:prior:recorded-at', Value: '2026-11-23T01:00:00.000Z' },
    { Key: 'guards:prior:sgs:eni-ee61adee', Value: 'sg-7e41d819,sg-0web' },
    { Key: 'guards:prior:instance-profile', Value: 'arn:aws:iam::0:instance-profile/ec2-default' },
    { Key: 'guards:quarantine', Value: 'active' },
    { Key: 'guards:forensic-snapshots', Value: 'snap-0old' },
    { Key: 'Name', Value: 'web-01' },
  ];

  it('restores the recorded groups and profile, then removes only the guard\'s tags', async () => {
    happyPath(mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });
    const [result] = await handler({ action: 'release', instanceId: recordedInstanceId });
    expect(result.outcome).toBe('released');
    expect(mocks.calls.slice(2)).toEqual([
      'ModifyNetworkInterfaceAttribute eni-ee61adee sg-7e41d819,sg-0web',
      'AssociateIamInstanceProfile arn:aws:iam::0:instance-profile/ec2-default',
      'DeleteTags guards:prior:recorded-at,guards:prior:sgs:eni-ee61adee,guards:prior:instance-profile,guards:quarantine,guards:forensic-snapshots',
      'Publish',
    ]);
    expect(published().Message).toContain('Kept: termination protection');
  });

  it('refuses to release an instance with no recorded state', async () => {
    happyPath(mocks);
    await expect(handler({ action: 'release', instanceId: recordedInstanceId })).rejects.toMatchObject({ name: 'NothingToReleaseError' });
    expect(mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand)).toHaveLength(0);
  });

  it('keeps the tags when a restore step fails, so that a second release can finish', async () => {
    happyPath(mocks, { instance: (instance) => ({ ...instance, Tags: quarantinedTags }), associations: [] });
    answer(mocks, 'ec2', AssociateIamInstanceProfileCommand, () => {
      throw sdkError('ec2', 'UnauthorizedOperation', 'iam:PassRole denied', 403);
    });
    await expect(handler({ action: 'release', instanceId: recordedInstanceId })).rejects.toMatchObject({ name: 'ContainmentIncompleteError' });
    expect(mocks.ec2.commandCalls(DeleteTagsCommand)).toHaveLength(0);
    expect(published().Subject).toMatch(/^\[RELEASE INCOMPLETE\]/);
  });
});
