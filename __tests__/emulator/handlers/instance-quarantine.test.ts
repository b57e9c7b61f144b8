/**
 * instance-quarantine and its release function against the emulator (EC2, IAM, DynamoDB, Auto
 * Scaling, ELBv2, SNS): a real emulated instance with an instance profile and two network
 * interfaces, what Terraform creates (state table, revocation deny policy, alert topic) created the
 * same way, a GuardDuty finding about the instance in, AWS state out (read back with describe and
 * list calls), then a re-delivery of the same finding and a release. Kept at the level of "event
 * in, AWS state out", so that it holds whatever the handlers' internals become.
 */
import { CloudWatchClient, PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { CreateTableCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
} from '@aws-sdk/client-auto-scaling';
import {
  AttachNetworkInterfaceCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateLaunchTemplateCommand,
  CreateNetworkAclEntryCommand,
  CreateNetworkInterfaceCommand,
  CreateSecurityGroupCommand,
  CreateTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeSubnetsCommand,
  EC2Client,
  RunInstancesCommand,
  SecurityGroup,
} from '@aws-sdk/client-ec2';
import {
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AddRoleToInstanceProfileCommand,
  CreateInstanceProfileCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
} from '@aws-sdk/client-iam';
import {
  managedGroupTag,
  quarantineEnvironment,
  releaseApproval,
  stateTableKeys,
  writeQuarantineEnvironment,
  writeReleaseEnvironment,
} from '../../../handlers/instance-quarantine/contract';
import { instanceQuarantineDefaults } from '../../../modules/instance-quarantine/settings';
import { quarantineTags } from '../../../handlers/instance-quarantine/decision';
import type * as InstanceQuarantine from '../../../handlers/instance-quarantine/index';
import type * as InstanceQuarantineRelease from '../../../handlers/instance-quarantine-release/index';
import { AlertReadBack, emulatorManagedPolicyArn, emulatorPerSuite, emulatorTopicArn, loadWithEnvironment } from '../../helpers/emulator-handlers';
import { projectFixture } from '../../helpers/fixtures';

jest.setTimeout(300_000);

/** The region of the real GuardDuty finding the test sends. */
const region = 'us-west-1';
const alertTopicName = 'guards-alerts';
const isolationGroupName = 'guards-quarantine-isolation';
const allowAllGroupName = 'guards-quarantine-allow-all';
const stateTableName = 'guards-quarantine-state';
const revocationPolicyName = `guards-quarantine-revoke-instance-sessions-${region}`;
const revocationPolicyArn = emulatorManagedPolicyArn(revocationPolicyName);
const exemptInstanceIdsVariable = quarantineEnvironment.exemptInstanceIds.name;
/** The config's guards.instanceQuarantine.releaseApprovers. */
const approverArn = 'arn:aws:iam::123456789012:role/security-incident-responder';

const server = emulatorPerSuite();
let quarantine: typeof InstanceQuarantine.handler;
let release: typeof InstanceQuarantineRelease.handler;
let ec2: EC2Client;
let iam: IAMClient;
let dynamodb: DynamoDBClient;
let autoScaling: AutoScalingClient;
let elbv2: ElasticLoadBalancingV2Client;
let cloudwatch: CloudWatchClient;
let alerts: AlertReadBack;

beforeAll(() => {
  // The environment the construct gives the functions, built by the same writer, with the guard's defaults.
  const emulator = { ...server().clientEnvironment(region), POWERTOOLS_LOG_LEVEL: 'SILENT' };
  const quarantineVariables = {
    ...emulator,
    ...writeQuarantineEnvironment({
      ...instanceQuarantineDefaults,
      alertTopicArn: emulatorTopicArn(alertTopicName, region),
      serviceName: 'instance-quarantine',
      stateTableName,
      revocationPolicyArn,
      isolationGroupName,
      allowAllGroupName,
      alarmNamePrefix: 'guards-quarantine-',
      snapshotVolumes: true,
      dryRun: false,
      networkAclRuleFrom: instanceQuarantineDefaults.networkAclRuleNumbers.from,
      networkAclRuleTo: instanceQuarantineDefaults.networkAclRuleNumbers.to,
      alarmedInstances: [],
      // The suite's finding (SSH brute force) is approval-required by default; here it acts, as a config may say.
      guardDutyActOnTypes: [...instanceQuarantineDefaults.guardDutyActOnTypes, 'UnauthorizedAccess:EC2/SSHBruteForce'],
    }),
  };
  const releaseVariables = {
    ...emulator,
    ...writeReleaseEnvironment({
      alertTopicArn: emulatorTopicArn(alertTopicName, region),
      serviceName: 'instance-quarantine-release',
      stateTableName,
      revocationPolicyArn,
      dryRun: false,
      releaseApprovers: [approverArn],
      releaseApprovalMaxAgeMinutes: 60,
    }),
  };
  ({ handler: quarantine } = loadWithEnvironment(
    quarantineVariables,
    () => require('../../../handlers/instance-quarantine/index') as typeof InstanceQuarantine,
  ));
  ({ handler: release } = loadWithEnvironment(
    releaseVariables,
    () => require('../../../handlers/instance-quarantine-release/index') as typeof InstanceQuarantineRelease,
  ));
  ec2 = new EC2Client({});
  iam = new IAMClient({});
  dynamodb = new DynamoDBClient({});
  autoScaling = new AutoScalingClient({});
  elbv2 = new ElasticLoadBalancingV2Client({});
  cloudwatch = new CloudWatchClient({});
});

afterAll(() => {
  for (const client of [ec2, iam, dynamodb, autoScaling, elbv2, cloudwatch]) client?.destroy();
});

/** What Terraform creates before the functions first run: the state table, the revocation deny policy, the alert topic. */
beforeEach(async () => {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: stateTableName,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: stateTableKeys.partitionKey, KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: stateTableKeys.partitionKey, AttributeType: 'S' }],
    }),
  );
  const { Policy } = await iam.send(
    new CreatePolicyCommand({
      PolicyName: revocationPolicyName,
      PolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'ec2:SourceInstanceARN': 'false' } } }],
      }),
    }),
  );
  // The functions are configured with the ARN before the policy exists: the emulator must name it alike.
  if (Policy?.Arn !== revocationPolicyArn) throw new Error(`the emulator named the revocation policy ${Policy?.Arn}, not ${revocationPolicyArn}`);
  alerts = await AlertReadBack.create(alertTopicName);
});

afterEach(() => {
  process.env[exemptInstanceIdsVariable] = '';
  process.env[quarantineEnvironment.networkAclDeny.name] = 'false';
});

interface Workload {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly roleName: string;
  readonly instanceProfileArn: string;
  /** Interface id -> the groups it had before the quarantine. */
  readonly groupsByInterface: Readonly<Record<string, readonly string[]>>;
}

async function defaultSubnet(): Promise<{ subnetId: string; vpcId: string }> {
  const subnet = (await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'default-for-az', Values: ['true'] }] }))).Subnets?.[0];
  if (!subnet?.SubnetId || !subnet.VpcId) throw new Error('the emulator has no default subnet');
  return { subnetId: subnet.SubnetId, vpcId: subnet.VpcId };
}

async function anyImageId(): Promise<string> {
  const imageId = (await ec2.send(new DescribeImagesCommand({}))).Images?.[0]?.ImageId;
  if (!imageId) throw new Error('the emulator has no image');
  return imageId;
}

/**
 * An instance in the default VPC launched with an instance profile (one role) and group `web`,
 * and a second interface in group `database` attached to it.
 */
async function launchWorkload(): Promise<Workload> {
  const { subnetId, vpcId } = await defaultSubnet();
  const web = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web tier', VpcId: vpcId }));
  const database = await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'database', Description: 'database access', VpcId: vpcId }));
  const roleName = 'web-server';
  await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
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
      ImageId: await anyImageId(),
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      NetworkInterfaces: [{ DeviceIndex: 0, SubnetId: subnetId, Groups: [web.GroupId ?? ''] }],
      IamInstanceProfile: { Arn: instanceProfileArn },
    }),
  );
  const instance = run.Instances?.[0];
  const instanceId = instance?.InstanceId ?? '';
  const primary = instance?.NetworkInterfaces?.[0]?.NetworkInterfaceId ?? '';
  const second = await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, Groups: [database.GroupId ?? ''] }));
  const secondId = second.NetworkInterface?.NetworkInterfaceId ?? '';
  await ec2.send(new AttachNetworkInterfaceCommand({ InstanceId: instanceId, NetworkInterfaceId: secondId, DeviceIndex: 1 }));
  return {
    instanceId,
    vpcId,
    subnetId,
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

/** The tags the guard writes (quarantine status and the snapshot list). */
function guardTags(tags: Record<string, string>): Record<string, string> {
  const own = new Set<string>(Object.values(quarantineTags));
  return Object.fromEntries(Object.entries(tags).filter(([key]) => own.has(key)));
}

async function associatedProfiles(instanceId: string): Promise<string[]> {
  const { IamInstanceProfileAssociations } = await ec2.send(
    new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] }),
  );
  return (IamInstanceProfileAssociations ?? [])
    .filter((association) => association.State === 'associated' || association.State === 'associating')
    .map((association) => association.IamInstanceProfile?.Arn ?? '');
}

async function attachedRolePolicies(roleName: string): Promise<string[]> {
  const { AttachedPolicies } = await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }));
  return (AttachedPolicies ?? []).map((policy) => policy.PolicyArn ?? '');
}

async function terminationProtected(instanceId: string): Promise<boolean | undefined> {
  const { DisableApiTermination } = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }));
  return DisableApiTermination?.Value;
}

async function forensicSnapshots(instanceId: string): Promise<string[]> {
  const { Snapshots } = await ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:guards:forensics-instance', Values: [instanceId] }] }));
  return (Snapshots ?? []).map((snapshot) => snapshot.SnapshotId ?? '').sort();
}

/** The guard's record of the instance in the state table, parsed; undefined when there is none. */
async function recordOf(instanceId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamodb.send(
    new GetItemCommand({ TableName: stateTableName, Key: { [stateTableKeys.partitionKey]: { S: `instance#${instanceId}` } }, ConsistentRead: true }),
  );
  return Item ? (JSON.parse(Item.record?.S ?? '') as Record<string, unknown>) : undefined;
}

/** The real GuardDuty SSH brute-force finding (severity 8), about the emulated instance. */
function guardDutyFinding(instanceId: string): unknown {
  const finding = projectFixture<{ detail: { resource: { instanceDetails: { instanceId: string } } } }>('instance-quarantine/guardduty-ssh-brute-force.json');
  finding.detail.resource.instanceDetails.instanceId = instanceId;
  return finding;
}

it('contains the instance on a GuardDuty finding, changes nothing more on a re-delivery, refuses a release without an approval, and the approved release restores what the table recorded', async () => {
  const workload = await launchWorkload();
  const { instanceId, roleName } = workload;
  const interfaces = Object.keys(workload.groupsByInterface);
  expect(interfaces).toHaveLength(2);
  expect(await associatedProfiles(instanceId)).toEqual([workload.instanceProfileArn]);

  // Containment.
  const [contained] = await quarantine(guardDutyFinding(instanceId));
  expect(contained).toMatchObject({ instanceId, outcome: 'contained' });
  expect(contained.steps.filter((step) => step.status === 'failed')).toEqual([]);

  const isolation = await groupNamed(workload.vpcId, isolationGroupName);
  if (!isolation?.GroupId) throw new Error('the isolation group was not created');
  // The isolation group is the guard's (tagged) and lets nothing in or out.
  expect(isolation.Tags).toEqual(expect.arrayContaining([managedGroupTag]));
  expect(isolation.IpPermissions ?? []).toEqual([]);
  expect(isolation.IpPermissionsEgress ?? []).toEqual([]);
  // The per-quarantine allow-all group did its job and is gone.
  expect(await groupNamed(workload.vpcId, `${allowAllGroupName}-${instanceId}`)).toBeUndefined();
  const candidates = [isolation.GroupId, ...Object.values(workload.groupsByInterface).flat()];
  for (const networkInterfaceId of interfaces) {
    expect(await groupsOfInterface(networkInterfaceId, candidates)).toEqual([isolation.GroupId]);
  }
  expect(await associatedProfiles(instanceId)).toEqual([]);
  // Sessions the role issued to instances are denied by the Terraform-managed policy, attached.
  expect(await attachedRolePolicies(roleName)).toEqual([revocationPolicyArn]);
  expect(await terminationProtected(instanceId)).toBe(true);
  const snapshots = await forensicSnapshots(instanceId);
  expect(snapshots).toHaveLength(1);
  // The prior state lives in the table only the guard writes, with each interface's own groups.
  const recorded = await recordOf(instanceId);
  expect(recorded).toMatchObject({
    instanceId,
    trigger: 'guardduty',
    groupsByInterface: workload.groupsByInterface,
    instanceProfileArn: workload.instanceProfileArn,
    revokedRoleNames: [roleName],
    snapshotIds: snapshots,
  });
  expect(guardTags(await tagsOf(instanceId))).toMatchObject({ [quarantineTags.status]: 'active', [quarantineTags.trigger]: 'guardduty' });
  const reports = await alerts.read();
  expect(reports.map((report) => report.Subject)).toEqual([expect.stringContaining(`[QUARANTINED] ${instanceId}`)]);

  // The same finding delivered again: still contained, no second snapshot, the recorded prior state kept.
  const [again] = await quarantine(guardDutyFinding(instanceId));
  expect(again).toMatchObject({ instanceId, outcome: 'contained' });
  expect(again.steps).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ step: 'record-prior-state', status: 'skipped' }),
      expect.objectContaining({ step: 'snapshot-volumes', status: 'skipped' }),
    ]),
  );
  for (const networkInterfaceId of interfaces) {
    expect(await groupsOfInterface(networkInterfaceId, candidates)).toEqual([isolation.GroupId]);
  }
  expect(await forensicSnapshots(instanceId)).toEqual(snapshots);
  expect(await recordOf(instanceId)).toEqual(recorded);
  expect(await attachedRolePolicies(roleName)).toEqual([revocationPolicyArn]);
  expect(await alerts.read()).toHaveLength(1);

  // Invoking the release function is not enough: without an approval it refuses, changes nothing and alerts.
  await expect(release({ instanceId })).resolves.toMatchObject({ instanceId, outcome: 'refused' });
  for (const networkInterfaceId of interfaces) {
    expect(await groupsOfInterface(networkInterfaceId, candidates)).toEqual([isolation.GroupId]);
  }
  expect(await attachedRolePolicies(roleName)).toEqual([revocationPolicyArn]);
  expect(await recordOf(instanceId)).toEqual(recorded);
  expect((await alerts.read()).map((report) => report.Subject)).toEqual([expect.stringContaining(`[RELEASE REFUSED: not approved] ${instanceId}`)]);

  // An approver writes the approval, as the guard's README says (aws dynamodb put-item).
  const approvalKey = `${releaseApproval.keyPrefix}${instanceId}`;
  await dynamodb.send(
    new PutItemCommand({
      TableName: stateTableName,
      Item: {
        [stateTableKeys.partitionKey]: { S: approvalKey },
        [releaseApproval.approvedByAttribute]: { S: approverArn },
        [releaseApproval.approvedAtAttribute]: { S: new Date().toISOString() },
      },
    }),
  );

  // Release: each interface gets its own groups back, the deny comes off the role, the guard's tags, record and the approval go.
  await expect(release({ instanceId })).resolves.toMatchObject({ instanceId, outcome: 'released' });
  const approvalLeft = await dynamodb.send(
    new GetItemCommand({ TableName: stateTableName, Key: { [stateTableKeys.partitionKey]: { S: approvalKey } }, ConsistentRead: true }),
  );
  expect(approvalLeft.Item).toBeUndefined();
  for (const [networkInterfaceId, groupIds] of Object.entries(workload.groupsByInterface)) {
    expect(await groupsOfInterface(networkInterfaceId, candidates)).toEqual([...groupIds].sort());
  }
  expect(await attachedRolePolicies(roleName)).toEqual([]);
  expect(await recordOf(instanceId)).toBeUndefined();
  expect(guardTags(await tagsOf(instanceId))).toEqual({});
  // Not re-associated by design (it needs iam:PassRole): the release report tells the operator how.
  expect(await associatedProfiles(instanceId)).toEqual([]);
  const [releasedReport, ...moreReports] = await alerts.read();
  expect(moreReports).toEqual([]);
  expect(releasedReport.Subject).toContain(`[RELEASED] ${instanceId}`);
  expect(releasedReport.Message).toContain(
    `aws ec2 associate-iam-instance-profile --instance-id ${instanceId} --iam-instance-profile Arn=${workload.instanceProfileArn}`,
  );
  // What the quarantine keeps on purpose: termination protection and the evidence.
  expect(await terminationProtected(instanceId)).toBe(true);
  expect(await forensicSnapshots(instanceId)).toEqual(snapshots);
});

it('takes an instance out of its Auto Scaling group and its target groups (by instance id and by IP) before isolating it', async () => {
  const { subnetId, vpcId } = await defaultSubnet();
  await ec2.send(new CreateLaunchTemplateCommand({ LaunchTemplateName: 'web', LaunchTemplateData: { ImageId: await anyImageId(), InstanceType: 't3.micro' } }));
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: 'web',
      LaunchTemplate: { LaunchTemplateName: 'web' },
      MinSize: 1,
      MaxSize: 2,
      DesiredCapacity: 1,
      VPCZoneIdentifier: subnetId,
    }),
  );
  const membersOf = async () =>
    ((await autoScaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['web'] }))).AutoScalingGroups?.[0]?.Instances ?? []).map(
      (instance) => instance.InstanceId ?? '',
    );
  const [instanceId] = await membersOf();
  const instance = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0]?.Instances?.[0];
  const privateIp = instance?.PrivateIpAddress ?? '';
  expect(privateIp).not.toBe('');
  // Target groups of their own, not the Auto Scaling group's: only the guard's deregistration takes the instance out of them.
  const byInstance =
    (await elbv2.send(new CreateTargetGroupCommand({ Name: 'web-instances', Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'instance' })))
      .TargetGroups?.[0]?.TargetGroupArn ?? '';
  const byIp =
    (await elbv2.send(new CreateTargetGroupCommand({ Name: 'web-addresses', Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'ip' }))).TargetGroups?.[0]
      ?.TargetGroupArn ?? '';
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: byInstance, Targets: [{ Id: instanceId, Port: 8080 }] }));
  await elbv2.send(new RegisterTargetsCommand({ TargetGroupArn: byIp, Targets: [{ Id: privateIp, Port: 8080 }] }));
  const targetsOf = async (targetGroupArn: string) =>
    ((await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }))).TargetHealthDescriptions ?? []).map(
      (description) => description.Target?.Id,
    );
  expect(await targetsOf(byInstance)).toEqual([instanceId]);
  expect(await targetsOf(byIp)).toEqual([privateIp]);

  const [result] = await quarantine({ action: 'quarantine', instanceId, reason: 'emulator test' });
  expect(result).toMatchObject({ instanceId, outcome: 'contained' });
  expect(result.steps).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ step: 'leave-auto-scaling-group', status: 'done', detail: expect.stringContaining('detached from web') }),
      expect.objectContaining({ step: 'leave-target-groups', status: 'done', detail: expect.stringContaining('web-instances') }),
    ]),
  );
  expect((await autoScaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }))).AutoScalingInstances ?? []).toEqual([]);
  expect(await membersOf()).not.toContain(instanceId);
  expect(await targetsOf(byInstance)).toEqual([]);
  expect(await targetsOf(byIp)).toEqual([]);
  // Out of service and still there: the group did not terminate it.
  expect((await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0]?.Instances?.[0]?.State?.Name).toBe('running');
});

it('passes over an isolation group someone pre-created with open ingress and isolates in a fresh verified group of its own', async () => {
  const workload = await launchWorkload();
  const trap = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: isolationGroupName,
      Description: "looks like the guard's",
      VpcId: workload.vpcId,
      TagSpecifications: [{ ResourceType: 'security-group', Tags: [managedGroupTag] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: trap.GroupId,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    }),
  );

  const [result] = await quarantine({ action: 'quarantine', instanceId: workload.instanceId, reason: 'emulator test' });
  expect(result).toMatchObject({ outcome: 'contained' });
  const { SecurityGroups } = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [workload.vpcId] },
        { Name: 'group-name', Values: [`${isolationGroupName}-*`] },
      ],
    }),
  );
  expect(SecurityGroups).toHaveLength(1);
  const fresh = SecurityGroups![0];
  expect(fresh.Tags).toEqual(expect.arrayContaining([managedGroupTag]));
  expect(fresh.IpPermissions ?? []).toEqual([]);
  expect(fresh.IpPermissionsEgress ?? []).toEqual([]);
  const candidates = [trap.GroupId ?? '', fresh.GroupId ?? '', ...Object.values(workload.groupsByInterface).flat()];
  for (const networkInterfaceId of Object.keys(workload.groupsByInterface)) {
    expect(await groupsOfInterface(networkInterfaceId, candidates)).toEqual([fresh.GroupId]);
  }
  const [report] = await alerts.read();
  expect(report.Subject).toContain(`[QUARANTINED] ${workload.instanceId}`);
  expect(report.Message).toContain(`passed over ${isolationGroupName} (${trap.GroupId}) has ingress rules`);
});

it('quarantines the source instance of a stolen-credential finding (InstanceCredentialExfiltration.OutsideAWS) and revokes its role', async () => {
  const workload = await launchWorkload();
  const finding = projectFixture<{ detail: { resource: { accessKeyDetails: { principalId: string; userName: string } } } }>(
    'instance-quarantine/guardduty-instance-credential-exfiltration-outside-aws.json',
  );
  // The session EC2 gave the instance: <role id>:<instance id>.
  finding.detail.resource.accessKeyDetails.principalId = `AROAQGAMYC6EEXAMPLE02:${workload.instanceId}`;
  finding.detail.resource.accessKeyDetails.userName = workload.roleName;

  const [result] = await quarantine(finding);
  expect(result).toMatchObject({ instanceId: workload.instanceId, outcome: 'contained' });
  expect(await associatedProfiles(workload.instanceId)).toEqual([]);
  expect(await attachedRolePolicies(workload.roleName)).toEqual([revocationPolicyArn]);
  const isolation = await groupNamed(workload.vpcId, isolationGroupName);
  for (const networkInterfaceId of Object.keys(workload.groupsByInterface)) {
    expect(await groupsOfInterface(networkInterfaceId, [isolation?.GroupId ?? '', ...Object.values(workload.groupsByInterface).flat()])).toEqual([
      isolation?.GroupId,
    ]);
  }
  expect(await recordOf(workload.instanceId)).toMatchObject({ trigger: 'guardduty', revokedRoleNames: [workload.roleName] });
  expect((await alerts.read()).map((report) => report.Subject)).toEqual([expect.stringContaining(`[QUARANTINED] ${workload.instanceId}`)]);
});

describe('the alarm flow on the emulator: a forged alarm state is refused, a real evaluation is acted on', () => {
  const namespace = instanceQuarantineDefaults.metricNamespace;
  /** The alarm as the construct makes it (instance-log-alarm.ts): metric named after the instance, the guards' tag. */
  async function guardAlarm(instanceId: string): Promise<string> {
    const alarmName = `guards-quarantine-${instanceId}`;
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: alarmName,
        Namespace: namespace,
        MetricName: instanceId,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        Tags: [managedGroupTag],
      }),
    );
    return alarmName;
  }
  /** The SNS delivery of the alarm's notification, as the alert topic sends it to the function. */
  const notification = (alarmName: string, instanceId: string) => ({
    Records: [
      {
        Sns: {
          Message: JSON.stringify({
            AlarmName: alarmName,
            NewStateValue: 'ALARM',
            NewStateReason: 'Threshold Crossed',
            Trigger: { MetricName: instanceId, Namespace: namespace, Dimensions: [], Statistic: 'SUM', Period: 60, Threshold: 5 },
          }),
        },
      },
    ],
  });
  const minute = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000);
  const evaluation = JSON.stringify({
    version: '1.0',
    queryDate: new Date(minute.getTime() + 70_000).toISOString(),
    statistic: 'Sum',
    period: 60,
    recentDatapoints: [7.0],
    threshold: 5.0,
    evaluatedDatapoints: [{ timestamp: minute.toISOString(), sampleCount: 7.0, value: 7.0 }],
  });

  afterEach(() => {
    process.env[quarantineEnvironment.alarmedInstances.name] = '';
  });

  it('refuses a SetAlarmState with forged evaluation data (no datapoint in the metric), and acts once the metric holds the breach', async () => {
    const workload = await launchWorkload();
    process.env[quarantineEnvironment.alarmedInstances.name] = workload.instanceId;
    const alarmName = await guardAlarm(workload.instanceId);
    // The attacker: cloudwatch:SetAlarmState, with reason data copied from a real evaluation.
    await cloudwatch.send(
      new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'ALARM', StateReason: 'Threshold Crossed', StateReasonData: evaluation }),
    );
    const [refused] = await quarantine(notification(alarmName, workload.instanceId));
    expect(refused).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('breaching datapoint(s)') });
    expect(await recordOf(workload.instanceId)).toBeUndefined();
    expect((await alerts.read()).map((report) => report.Subject)).toEqual([expect.stringContaining(`[REFUSED: unverified trigger] ${workload.instanceId}`)]);

    // The metric filter's count (PutMetricData stands for it here; the SCP denies it to everyone else).
    await cloudwatch.send(
      new PutMetricDataCommand({ Namespace: namespace, MetricData: [{ MetricName: workload.instanceId, Timestamp: minute, Value: 7, Unit: 'Count' }] }),
    );
    const [contained] = await quarantine(notification(alarmName, workload.instanceId));
    expect(contained).toMatchObject({ instanceId: workload.instanceId, outcome: 'contained' });
  });

  it('refuses an alarm of that name without the guards tag', async () => {
    const workload = await launchWorkload();
    process.env[quarantineEnvironment.alarmedInstances.name] = workload.instanceId;
    const alarmName = `guards-quarantine-${workload.instanceId}`;
    await cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: alarmName,
        Namespace: namespace,
        MetricName: workload.instanceId,
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 5,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      }),
    );
    await cloudwatch.send(new SetAlarmStateCommand({ AlarmName: alarmName, StateValue: 'ALARM', StateReason: 'x', StateReasonData: evaluation }));
    const [refused] = await quarantine(notification(alarmName, workload.instanceId));
    expect(refused).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('lacks the tag guards:managed-by=instance-quarantine') });
  });
});

it('leaves an instance alone that does not exist in the account', async () => {
  await expect(quarantine(guardDutyFinding('i-0123456789abcdef0'))).resolves.toEqual([expect.objectContaining({ outcome: 'not-found' })]);
  expect(await recordOf('i-0123456789abcdef0')).toBeUndefined();
});

describe('what must change nothing', () => {
  /** What a containment would change, to compare before and after. */
  async function stateOf(workload: Workload): Promise<unknown> {
    const groups = Object.values(workload.groupsByInterface).flat();
    return {
      groupsByInterface: Object.fromEntries(
        await Promise.all(Object.keys(workload.groupsByInterface).map(async (id) => [id, await groupsOfInterface(id, groups)] as const)),
      ),
      profiles: await associatedProfiles(workload.instanceId),
      rolePolicies: await attachedRolePolicies(workload.roleName),
      tags: await tagsOf(workload.instanceId),
      terminationProtected: await terminationProtected(workload.instanceId),
      snapshots: await forensicSnapshots(workload.instanceId),
      isolationGroup: await groupNamed(workload.vpcId, isolationGroupName),
      record: await recordOf(workload.instanceId),
    };
  }

  it('a dry run reports the plan and leaves the instance as it was', async () => {
    const workload = await launchWorkload();
    const before = await stateOf(workload);
    await expect(quarantine({ action: 'quarantine', instanceId: workload.instanceId, reason: 'dry run from the runbook', dryRun: true })).resolves.toEqual([
      expect.objectContaining({ instanceId: workload.instanceId, outcome: 'dry-run' }),
    ]);
    expect(await stateOf(workload)).toEqual(before);
    expect((await alerts.read()).map((report) => report.Subject)).toEqual([expect.stringContaining(`[DRY RUN: would quarantine] ${workload.instanceId}`)]);
  });

  it('an instance exempt in the guards config is left alone and reported', async () => {
    const workload = await launchWorkload();
    process.env[exemptInstanceIdsVariable] = `i-00000000000000000,${workload.instanceId}`;
    const before = await stateOf(workload);
    await expect(quarantine(guardDutyFinding(workload.instanceId))).resolves.toEqual([expect.objectContaining({ outcome: 'exempt' })]);
    expect(await stateOf(workload)).toEqual(before);
    expect((await alerts.read()).map((report) => report.Subject)).toEqual([expect.stringContaining(`[EXEMPT, not quarantined] ${workload.instanceId}`)]);
  });

  it('the exemption tag alone, untrusted by the config, exempts nothing', async () => {
    const workload = await launchWorkload();
    await ec2.send(new CreateTagsCommand({ Resources: [workload.instanceId], Tags: [{ Key: 'guards:quarantine-exempt', Value: 'true' }] }));
    await expect(quarantine(guardDutyFinding(workload.instanceId))).resolves.toEqual([expect.objectContaining({ outcome: 'contained' })]);
    expect(await associatedProfiles(workload.instanceId)).toEqual([]);
  });
});

it("with networkAclDeny: denies every address of the instance in its subnet's network ACL, beside an entry already in the range, and the release deletes only its own", async () => {
  process.env[quarantineEnvironment.networkAclDeny.name] = 'true';
  const workload = await launchWorkload();
  const { instanceId, subnetId } = workload;
  const aclOfSubnet = async () =>
    (await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }))).NetworkAcls?.[0];
  const networkAclId = (await aclOfSubnet())?.NetworkAclId ?? '';
  expect(networkAclId).toMatch(/^acl-/);
  // The subnet's own rule in the guard's range (1-20 by default): it keeps its number.
  const ownRule = { RuleNumber: 1, Egress: false, RuleAction: 'allow' as const, Protocol: '6', CidrBlock: '192.0.2.0/24', PortRange: { From: 443, To: 443 } };
  await ec2.send(new CreateNetworkAclEntryCommand({ NetworkAclId: networkAclId, ...ownRule }));
  const entries = async () =>
    ((await aclOfSubnet())?.Entries ?? [])
      .filter((entry) => (entry.RuleNumber ?? 0) <= 20)
      .map((entry) => ({ ruleNumber: entry.RuleNumber, egress: entry.Egress, action: entry.RuleAction, cidr: entry.CidrBlock, protocol: entry.Protocol }))
      .sort((a, b) => Number(a.egress) - Number(b.egress) || (a.ruleNumber ?? 0) - (b.ruleNumber ?? 0));
  const addresses = (
    (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations?.[0]?.Instances?.[0]?.NetworkInterfaces ?? []
  ).flatMap((eni) => (eni.PrivateIpAddresses ?? []).map((address) => `${address.PrivateIpAddress}/32`));
  expect(addresses).toHaveLength(2);

  const [contained] = await quarantine(guardDutyFinding(instanceId));
  expect(contained).toMatchObject({ instanceId, outcome: 'contained' });
  expect(contained.steps.find((step) => step.step === 'deny-in-network-acls')).toMatchObject({ status: 'done' });
  const deny = (ruleNumber: number, egress: boolean, cidr: string) => ({ ruleNumber, egress, action: 'deny', cidr, protocol: '-1' });
  expect(await entries()).toEqual([
    { ruleNumber: 1, egress: false, action: 'allow', cidr: '192.0.2.0/24', protocol: '6' },
    deny(2, false, addresses[0]),
    deny(3, false, addresses[1]),
    deny(1, true, addresses[0]),
    deny(2, true, addresses[1]),
  ]);
  expect((await recordOf(instanceId))?.networkAclEntries).toHaveLength(4);
  await alerts.read();

  await dynamodb.send(
    new PutItemCommand({
      TableName: stateTableName,
      Item: {
        [stateTableKeys.partitionKey]: { S: `${releaseApproval.keyPrefix}${instanceId}` },
        [releaseApproval.approvedByAttribute]: { S: approverArn },
        [releaseApproval.approvedAtAttribute]: { S: new Date().toISOString() },
      },
    }),
  );
  const released = await release({ instanceId });
  expect(released).toMatchObject({ instanceId, outcome: 'released' });
  expect(released.steps.find((step) => step.step === 'remove-network-acl-denies')).toMatchObject({ status: 'done' });
  expect(await entries()).toEqual([{ ruleNumber: 1, egress: false, action: 'allow', cidr: '192.0.2.0/24', protocol: '6' }]);
});
