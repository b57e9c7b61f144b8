/**
 * instance-quarantine against the emulator: a real emulated instance with an instance profile and
 * two network interfaces, a GuardDuty finding about it in, AWS state out (read back with describe
 * calls), then a re-delivery of the same finding and a release. Kept at the level of "event in,
 * AWS state out", so that it holds whatever the handler's internals become.
 */
import {
  AttachNetworkInterfaceCommand,
  CreateTagsCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  SecurityGroup,
} from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreateRoleCommand, GetRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { quarantineTags, revocationPolicyName } from '../../../handlers/instance-quarantine/decision';
import type * as InstanceQuarantine from '../../../handlers/instance-quarantine/index';
import { AlertReadBack, emulatorPerSuite, emulatorTopicArn, loadWithEnvironment } from '../../helpers/emulator-handlers';
import { projectFixture } from '../../helpers/fixtures';

jest.setTimeout(300_000);

/** The region of the real GuardDuty finding the test sends. */
const region = 'us-west-1';
const alertTopicName = 'guards-alerts';
const isolationGroupName = 'guards-quarantine-isolation';
const allowAllGroupName = 'guards-quarantine-allow-all';

const server = emulatorPerSuite();
let handler: typeof InstanceQuarantine.handler;
let ec2: EC2Client;
let iam: IAMClient;
let alerts: AlertReadBack;

beforeAll(() => {
  ({ handler } = loadWithEnvironment(
    {
      ...server().clientEnvironment(region),
      ALERT_TOPIC_ARN: emulatorTopicArn(alertTopicName, region),
      ISOLATION_GROUP_NAME: isolationGroupName,
      ALLOW_ALL_GROUP_NAME: allowAllGroupName,
      ALARM_NAME_PREFIX: 'guards-quarantine-',
      SNAPSHOT_VOLUMES: 'true',
      DRY_RUN: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    () => require('../../../handlers/instance-quarantine/index') as typeof InstanceQuarantine,
  ));
  ec2 = new EC2Client({});
  iam = new IAMClient({});
});

interface Workload {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly roleName: string;
  readonly instanceProfileArn: string;
  /** Interface id -> the groups it had before the quarantine. */
  readonly groupsByInterface: Readonly<Record<string, readonly string[]>>;
}

/**
 * An instance in the default VPC launched with an instance profile (one role) and group `web`,
 * and a second interface in group `database` attached to it.
 */
async function launchWorkload(): Promise<Workload> {
  const subnet = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets?.[0];
  if (!subnet?.SubnetId || !subnet.VpcId) throw new Error('the emulator has no default subnet');
  const imageId = (await ec2.send(new DescribeImagesCommand({}))).Images?.[0]?.ImageId;
  const web = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web tier', VpcId: subnet.VpcId }));
  const database = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'database', Description: 'database access', VpcId: subnet.VpcId }));
  const roleName = 'web-server';
  await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  const profile = await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-server' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-server', RoleName: roleName }));
  const instanceProfileArn = profile.InstanceProfile?.Arn ?? '';
  // The groups go on the primary interface's specification, not in SecurityGroupIds: the emulator
  // reports every attached interface's groups united with an instance's SecurityGroupIds (moto 5.2.1,
  // NetworkInterface.group_set), so with them the second interface would seem to hold `web` too, the
  // handler would record that as its prior state, and a release would add `web` to it. Real EC2
  // reports each interface's own groups either way.
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: imageId,
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnet.SubnetId, Groups: [web.GroupId ?? ''] }],
      IamInstanceProfile: { Arn: instanceProfileArn },
    }),
  );
  const instance = run.Instances?.[0];
  const instanceId = instance?.InstanceId ?? '';
  const primary = instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '';
  const second = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnet.SubnetId, Groups: [database.GroupId ?? ''] }));
  const secondId = second.NetworkInterface?.NetworkInterfaceId ?? '';
  await ec2.send(new AttachNetworkInterfaceCommand({ InstanceId: instanceId, NetworkInterfaceId: secondId, DeviceIndex: 1 }));
  return {
    instanceId,
    vpcId: subnet.VpcId,
    roleName,
    instanceProfileArn,
    groupsByInterface: { [primary]: [web.GroupId ?? ''], [secondId]: [database.GroupId ?? ''] },
  };
}

/**
 * The security groups of one interface, as the interface itself holds them. The emulator's
 * DescribeNetworkInterfaces and DescribeInstances report an attached interface's groups united with
 * the groups the instance was launched with, so each candidate group is asked for through the
 * `network-interface-id` and `group-id` filters, which the emulator answers from the interface alone.
 */
async function groupsOfInterface(networkInterfaceId: string, candidateGroupIds: readonly string[]): Promise<string[]> {
  const held: string[] = [];
  for (const groupId of candidateGroupIds) {
    const { NetworkInterfaces } = await ec2.send(
      new DescribeNetworkInterfacesCommand({
        Filters: [
          { Name: 'network-interface-id', Values: [networkInterfaceId] },
          { Name: 'group-id', Values: [groupId] },
        ],
      }),
    );
    if ((NetworkInterfaces ?? []).length > 0) held.push(groupId);
  }
  return held.sort();
}

async function groupNamed(vpcId: string, groupName: string): Promise<SecurityGroup | undefined> {
  const { SecurityGroups } = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [groupName] },
      ],
    }),
  );
  return SecurityGroups?.[0];
}

async function tagsOf(instanceId: string): Promise<Record<string, string>> {
  const { Reservations } = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  const tags = Reservations?.[0]?.Instances?.[0]?.Tags ?? [];
  return Object.fromEntries(tags.map((tag) => [tag.Key ?? '', tag.Value ?? '']));
}

async function associatedProfiles(instanceId: string): Promise<string[]> {
  const { IamInstanceProfileAssociations } = await ec2.send(
    new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] }),
  );
  return (IamInstanceProfileAssociations ?? [])
    .filter((association) => association.State === 'associated' || association.State === 'associating')
    .map((association) => association.IamInstanceProfile?.Arn ?? '');
}

async function terminationProtected(instanceId: string): Promise<boolean | undefined> {
  const { DisableApiTermination } = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }));
  return DisableApiTermination?.Value;
}

async function forensicSnapshots(instanceId: string): Promise<string[]> {
  const { Snapshots } = await ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:guards:forensics-instance', Values: [instanceId] }] }));
  return (Snapshots ?? []).map((snapshot) => snapshot.SnapshotId ?? '');
}

/** The real GuardDuty SSH brute-force finding (severity 8), about the emulated instance. */
function guardDutyFinding(instanceId: string): unknown {
  const finding = projectFixture<{ detail: { resource: { instanceDetails: { instanceId: string } } } }>('instance-quarantine/guardduty-ssh-brute-force.json');
  finding.detail.resource.instanceDetails.instanceId = instanceId;
  return finding;
}

it('contains the instance on a GuardDuty finding, changes nothing more on a re-delivery, and releases it', async () => {
  alerts = await AlertReadBack.create(alertTopicName);
  const workload = await launchWorkload();
  const { instanceId } = workload;
  const interfaces = Object.keys(workload.groupsByInterface);
  expect(interfaces).toHaveLength(2);
  expect(await associatedProfiles(instanceId)).toEqual([workload.instanceProfileArn]);

  // Containment.
  const [contained] = await handler(guardDutyFinding(instanceId));
  expect(contained).toMatchObject({ instanceId, outcome: 'contained' });

  const isolation = await groupNamed(workload.vpcId, isolationGroupName);
  const allowAll = await groupNamed(workload.vpcId, allowAllGroupName);
  if (!isolation?.GroupId || !allowAll?.GroupId) throw new Error('the isolation and allow-all groups were not created');
  // The isolation group lets nothing in or out; the allow-all group lets everything in, IPv4 and IPv6.
  expect(isolation.IpPermissions ?? []).toEqual([]);
  expect(isolation.IpPermissionsEgress ?? []).toEqual([]);
  expect(allowAll.IpPermissions).toEqual([
    expect.objectContaining({ IpProtocol: '-1', IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })], Ipv6Ranges: [expect.objectContaining({ CidrIpv6: '::/0' })] }),
  ]);
  const candidates = [isolation.GroupId, allowAll.GroupId, ...Object.values(workload.groupsByInterface).flat()];
  for (const networkInterfaceId of interfaces) {
    expect(await groupsOfInterface(networkInterfaceId, candidates)).toEqual([isolation.GroupId]);
  }
  expect(await associatedProfiles(instanceId)).toEqual([]);
  // Credentials the role issued to the instance before the quarantine are denied.
  const revocation = await iam.send(new GetRolePolicyCommand({ RoleName: workload.roleName, PolicyName: revocationPolicyName(instanceId) }));
  expect(JSON.parse(decodeURIComponent(revocation.PolicyDocument ?? ''))).toMatchObject({
    Statement: [expect.objectContaining({ Effect: 'Deny', Condition: expect.objectContaining({ DateLessThan: expect.objectContaining({ 'aws:TokenIssueTime': expect.any(String) }) }) })],
  });
  expect(await terminationProtected(instanceId)).toBe(true);
  const snapshots = await forensicSnapshots(instanceId);
  expect(snapshots).toHaveLength(1);
  const tagsAfterContainment = await tagsOf(instanceId);
  expect(tagsAfterContainment).toMatchObject({ [quarantineTags.status]: 'active', [quarantineTags.trigger]: 'guardduty' });
  const reports = await alerts.read();
  expect(reports).toHaveLength(1);
  expect(reports[0].Subject).toContain(instanceId);

  // The same finding delivered again: still contained, no second snapshot, the recorded prior state kept.
  const [again] = await handler(guardDutyFinding(instanceId));
  expect(again).toMatchObject({ instanceId, outcome: 'contained' });
  for (const networkInterfaceId of interfaces) {
    expect(await groupsOfInterface(networkInterfaceId, candidates)).toEqual([isolation.GroupId]);
  }
  expect(await forensicSnapshots(instanceId)).toEqual(snapshots);
  const priorStateTags = (tags: Record<string, string>) => Object.fromEntries(Object.entries(tags).filter(([key]) => key.startsWith(quarantineTags.priorGroupsPrefix) || key === quarantineTags.priorRecordedAt || key === quarantineTags.priorProfile));
  expect(priorStateTags(await tagsOf(instanceId))).toEqual(priorStateTags(tagsAfterContainment));
  expect(Object.keys(priorStateTags(tagsAfterContainment)).length).toBeGreaterThan(0);

  // Release: each interface gets its own groups back, the profile is associated again, the guard's tags go.
  const [released] = await handler({ action: 'release', instanceId });
  expect(released).toMatchObject({ instanceId, outcome: 'released' });
  for (const [networkInterfaceId, groupIds] of Object.entries(workload.groupsByInterface)) {
    expect(await groupsOfInterface(networkInterfaceId, candidates)).toEqual([...groupIds].sort());
  }
  expect(await associatedProfiles(instanceId)).toEqual([workload.instanceProfileArn]);
  expect(Object.keys(await tagsOf(instanceId)).filter((key) => key.startsWith('guards:'))).toEqual([]);
  // What the quarantine keeps on purpose: termination protection and the evidence.
  expect(await terminationProtected(instanceId)).toBe(true);
  expect(await forensicSnapshots(instanceId)).toEqual(snapshots);
});

it('leaves an instance alone that does not exist in the account', async () => {
  alerts = await AlertReadBack.create(alertTopicName);
  await expect(handler(guardDutyFinding('i-0123456789abcdef0'))).resolves.toEqual([expect.objectContaining({ outcome: 'not-found' })]);
});

describe('what must change nothing', () => {
  beforeEach(async () => {
    alerts = await AlertReadBack.create(alertTopicName);
  });

  /** What a containment would change, to compare before and after. */
  async function stateOf(workload: Workload): Promise<unknown> {
    const groups = Object.values(workload.groupsByInterface).flat();
    return {
      groupsByInterface: Object.fromEntries(
        await Promise.all(Object.keys(workload.groupsByInterface).map(async (id) => [id, await groupsOfInterface(id, groups)] as const)),
      ),
      profiles: await associatedProfiles(workload.instanceId),
      tags: await tagsOf(workload.instanceId),
      terminationProtected: await terminationProtected(workload.instanceId),
      snapshots: await forensicSnapshots(workload.instanceId),
      isolationGroup: await groupNamed(workload.vpcId, isolationGroupName),
    };
  }

  it('a dry run reports the plan and leaves the instance as it was', async () => {
    const workload = await launchWorkload();
    const before = await stateOf(workload);
    await expect(handler({ action: 'quarantine', instanceId: workload.instanceId, reason: 'dry run from the runbook', dryRun: true })).resolves.toEqual([
      expect.objectContaining({ instanceId: workload.instanceId, outcome: 'dry-run' }),
    ]);
    expect(await stateOf(workload)).toEqual(before);
    const reports = await alerts.read();
    expect(reports).toHaveLength(1);
    expect(reports[0].Subject).toContain(workload.instanceId);
  });

  it('an exempt instance (by tag) is left alone and reported', async () => {
    const workload = await launchWorkload();
    await ec2.send(new CreateTagsCommand({ Resources: [workload.instanceId], Tags: [{ Key: 'guards:quarantine-exempt', Value: 'true' }] }));
    const before = await stateOf(workload);
    await expect(handler(guardDutyFinding(workload.instanceId))).resolves.toEqual([expect.objectContaining({ outcome: 'exempt' })]);
    expect(await stateOf(workload)).toEqual(before);
    expect(await alerts.read()).toHaveLength(1);
  });
});
