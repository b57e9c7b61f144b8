import { AutoScalingClient, DescribeAutoScalingInstancesCommand, DetachInstancesCommand, EnterStandbyCommand } from '@aws-sdk/client-auto-scaling';
import { CloudWatchClient, DescribeAlarmsCommand, GetMetricStatisticsCommand, ListTagsForResourceCommand } from '@aws-sdk/client-cloudwatch';
import {
  DeregisterTargetsCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DeleteSecurityGroupCommand,
  DeleteTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DisassociateIamInstanceProfileCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand, DetachRolePolicyCommand, GetInstanceProfileCommand, IAMClient } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { STSClient } from '@aws-sdk/client-sts';
import { recordedResponse } from '../../helpers/fixtures';
import { MotoStateTable } from './state-table';
import { DirectoryLists, clearMemberDirectory, writeMemberDirectory } from '../../helpers/member-directory';
import { alarmedInstancesDirectoryField } from '../../../handlers/instance-quarantine/contract';

export const recordedInstanceId = 'i-00fe7967fb7167c62';

/**
 * The state record an earlier quarantine run of the recorded instance wrote: its one interface's
 * prior group, nothing revoked. `changes` adds what the test needs (trigger, profile, ACL entries).
 */
export function earlierQuarantineRecord(changes: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    instanceId: recordedInstanceId,
    startedAt: '2026-11-23T01:00:00.000Z',
    trigger: 'manual',
    reason: 'r',
    groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819'] },
    revokedRoleNames: [],
    ...changes,
  };
}

/** What a quarantine handler test works with; each read gives the current test's. */
export interface QuarantineTestAws {
  /** The mocked clients, fresh for each test. */
  readonly mocks: AwsMocks;
  /** The state table on the suite's moto server, emptied (and created again) before each test. */
  readonly table: MotoStateTable;
}

/**
 * The set-up every quarantine handler suite shares, as jest hooks: one moto server for the state
 * table per suite, an empty table and freshly mocked clients before each test, the mocks restored
 * after. Call it once at the top of the suite, before the suite's own hooks (which then run after
 * these, so they can add to the mocks).
 */
export function useQuarantineTestAws(): QuarantineTestAws {
  let table: MotoStateTable | undefined;
  let mocks: AwsMocks | undefined;
  beforeAll(async () => {
    table = await MotoStateTable.start();
  }, 120_000);
  afterAll(() => table?.stop());
  beforeEach(async () => {
    await table!.reset();
    mocks = mockAws();
  });
  afterEach(() => {
    if (mocks) restoreAws(mocks);
    mocks = undefined;
  });
  return {
    get mocks(): AwsMocks {
      if (!mocks) throw new Error('useQuarantineTestAws: the mocks exist only while a test runs');
      return mocks;
    },
    get table(): MotoStateTable {
      if (!table) throw new Error('useQuarantineTestAws: the state table exists only once the suite has started');
      return table;
    },
  };
}

/**
 * The clients, mocked, and the order in which every command reached any of them. DynamoDB is not
 * mocked: the state table is a real table on the suite's moto server.
 */
export interface AwsMocks {
  readonly ec2: AwsClientStub<EC2Client>;
  readonly iam: AwsClientStub<IAMClient>;
  readonly sns: AwsClientStub<SNSClient>;
  readonly cloudwatch: AwsClientStub<CloudWatchClient>;
  readonly autoScaling: AwsClientStub<AutoScalingClient>;
  readonly elbv2: AwsClientStub<ElasticLoadBalancingV2Client>;
  readonly calls: string[];
}

export function mockAws(): AwsMocks {
  return {
    ec2: mockClient(EC2Client),
    iam: mockClient(IAMClient),
    sns: mockClient(SNSClient),
    cloudwatch: mockClient(CloudWatchClient),
    autoScaling: mockClient(AutoScalingClient),
    elbv2: mockClient(ElasticLoadBalancingV2Client),
    calls: [],
  };
}

export function restoreAws(mocks: AwsMocks): void {
  for (const stub of [mocks.ec2, mocks.iam, mocks.sns, mocks.cloudwatch, mocks.autoScaling, mocks.elbv2]) stub.restore();
}

/** A group as DescribeSecurityGroups returns one that the guard made. */
export function guardGroup(groupId: string, rules: { ingress?: unknown[]; egress?: unknown[] } = {}): Record<string, unknown> {
  return {
    GroupId: groupId,
    Tags: [{ Key: 'guards:managed-by', Value: 'instance-quarantine' }],
    IpPermissions: rules.ingress ?? [],
    IpPermissionsEgress: rules.egress ?? [],
  };
}

type AnyCommand = { new (input: never): unknown; name: string };

/** Answers a command with `answer(input)` and logs the call (the command name, and a short detail). */
export function answer<I>(
  mocks: AwsMocks,
  client: 'ec2' | 'iam' | 'sns' | 'cloudwatch' | 'autoScaling' | 'elbv2',
  command: AnyCommand,
  respond: (input: I) => unknown,
  detail?: (input: I) => string,
): void {
  const stub = mocks[client] as unknown as { on: (c: AnyCommand) => { callsFake: (f: (input: I) => unknown) => void } };
  stub.on(command).callsFake(async (input: I) => {
    const name = command.name.replace(/Command$/, '');
    mocks.calls.push(detail ? `${name} ${detail(input)}` : name);
    return respond(input);
  });
}

export interface Scenario {
  /** Changes the recorded DescribeInstances answer (tags, interfaces, state). */
  readonly instance?: (instance: Record<string, unknown>) => Record<string, unknown>;
  /** Security groups DescribeSecurityGroups finds, per group name. */
  readonly existingGroups?: Record<string, Record<string, unknown>>;
  readonly associations?: Record<string, unknown>[];
  /** The instance's Auto Scaling group, if any. */
  readonly autoScalingGroup?: string;
  /** Target groups of the region and their targets. */
  readonly targetGroups?: { arn: string; type?: 'instance' | 'ip'; targets: { Id: string; Port?: number }[] }[];
  /** What DescribeAlarms finds. */
  readonly alarms?: Record<string, unknown>[];
  /** The tags ListTagsForResource gives every alarm; default: the guards' tag. */
  readonly alarmTags?: { Key: string; Value: string }[];
  /** What GetMetricStatistics gives for the alarm's metric; default: none. */
  readonly metricDatapoints?: Record<string, unknown>[];
}

/** Every command of a successful containment, answered from the recorded responses where they exist. */
export function happyPath(mocks: AwsMocks, scenario: Scenario = {}): void {
  const describeInstances = recordedResponse<{ Reservations: { Instances: Record<string, unknown>[] }[] }>(
    'test_ec2_set_instance_profile_disassociation__ec2.DescribeInstances_1.json',
  );
  if (scenario.instance) describeInstances.Reservations[0].Instances[0] = scenario.instance(describeInstances.Reservations[0].Instances[0]);
  answer(mocks, 'ec2', DescribeInstancesCommand, () => describeInstances);
  const associations = recordedResponse<{ IamInstanceProfileAssociations: Record<string, unknown>[] }>(
    'test_ec2_set_instance_profile_disassociation__ec2.DescribeIamInstanceProfileAssociations_1.json',
  );
  answer(mocks, 'ec2', DescribeIamInstanceProfileAssociationsCommand, () => ({
    IamInstanceProfileAssociations: scenario.associations ?? associations.IamInstanceProfileAssociations,
  }));
  answer<{ AssociationId: string }>(
    mocks,
    'ec2',
    DisassociateIamInstanceProfileCommand,
    () => recordedResponse('test_ec2_set_instance_profile_disassociation__ec2.DisassociateIamInstanceProfile_1.json'),
    (input) => input.AssociationId,
  );
  answer<{ InstanceProfileName: string }>(mocks, 'iam', GetInstanceProfileCommand, (input) => ({
    InstanceProfile: { InstanceProfileName: input.InstanceProfileName, Roles: [{ RoleName: 'ec2-default-role' }] },
  }));
  answer<{ RoleName: string }>(
    mocks,
    'iam',
    AttachRolePolicyCommand,
    () => ({}),
    (input) => input.RoleName,
  );
  answer<{ RoleName: string }>(
    mocks,
    'iam',
    DetachRolePolicyCommand,
    () => ({}),
    (input) => input.RoleName,
  );
  answer(mocks, 'autoScaling', DescribeAutoScalingInstancesCommand, () => ({
    AutoScalingInstances: scenario.autoScalingGroup
      ? [{ InstanceId: recordedInstanceId, AutoScalingGroupName: scenario.autoScalingGroup, LifecycleState: 'InService' }]
      : [],
  }));
  answer<{ AutoScalingGroupName: string }>(
    mocks,
    'autoScaling',
    DetachInstancesCommand,
    () => ({ Activities: [] }),
    (input) => input.AutoScalingGroupName,
  );
  answer<{ AutoScalingGroupName: string }>(
    mocks,
    'autoScaling',
    EnterStandbyCommand,
    () => ({ Activities: [] }),
    (input) => input.AutoScalingGroupName,
  );
  const targetGroups = scenario.targetGroups ?? [];
  answer(mocks, 'elbv2', DescribeTargetGroupsCommand, () => ({
    TargetGroups: targetGroups.map((group) => ({ TargetGroupArn: group.arn, TargetGroupName: group.arn.split('/')[1], TargetType: group.type ?? 'instance' })),
  }));
  answer<{ TargetGroupArn: string }>(mocks, 'elbv2', DescribeTargetHealthCommand, (input) => ({
    TargetHealthDescriptions: (targetGroups.find((group) => group.arn === input.TargetGroupArn)?.targets ?? []).map((target) => ({
      Target: target,
      TargetHealth: { State: 'healthy' },
    })),
  }));
  answer<{ TargetGroupArn: string; Targets: { Id: string; Port?: number }[] }>(
    mocks,
    'elbv2',
    DeregisterTargetsCommand,
    () => ({}),
    (input) => `${input.TargetGroupArn.split('/')[1]} ${input.Targets.map((target) => `${target.Id}:${target.Port}`).join(',')}`,
  );
  answer(mocks, 'cloudwatch', DescribeAlarmsCommand, () => ({ MetricAlarms: scenario.alarms ?? [] }));
  answer(mocks, 'cloudwatch', ListTagsForResourceCommand, () => ({ Tags: scenario.alarmTags ?? [{ Key: 'guards:managed-by', Value: 'instance-quarantine' }] }));
  answer(mocks, 'cloudwatch', GetMetricStatisticsCommand, () => ({ Datapoints: scenario.metricDatapoints ?? [] }));
  const groups = scenario.existingGroups ?? {};
  answer<{ Filters: { Name: string; Values: string[] }[] }>(
    mocks,
    'ec2',
    DescribeSecurityGroupsCommand,
    (input) => {
      const name = input.Filters.find((filter) => filter.Name === 'group-name')?.Values[0] ?? '';
      // DescribeSecurityGroups always names each group.
      return { SecurityGroups: groups[name] ? [{ GroupName: name, ...groups[name] }] : [] };
    },
    (input) => input.Filters.find((filter) => filter.Name === 'group-name')?.Values[0] ?? '',
  );
  answer<{ GroupName: string }>(
    mocks,
    'ec2',
    CreateSecurityGroupCommand,
    (input) =>
      input.GroupName.includes('-quarantine-isolation')
        ? recordedResponse('test_network_location_match_in_mismatch__ec2.CreateSecurityGroup_1.json')
        : { GroupId: 'sg-0a11a11a11a11a11a' },
    (input) => input.GroupName,
  );
  answer<{ GroupId: string }>(
    mocks,
    'ec2',
    RevokeSecurityGroupEgressCommand,
    () => recordedResponse('test_security_group_cidr_size__ec2.RevokeSecurityGroupEgress_1.json'),
    (input) => input.GroupId,
  );
  answer<{ GroupId: string }>(
    mocks,
    'ec2',
    AuthorizeSecurityGroupIngressCommand,
    () => ({}),
    (input) => input.GroupId,
  );
  answer<{ GroupId: string }>(
    mocks,
    'ec2',
    AuthorizeSecurityGroupEgressCommand,
    () => ({}),
    (input) => input.GroupId,
  );
  answer<{ NetworkInterfaceId: string; Groups: string[] }>(
    mocks,
    'ec2',
    ModifyNetworkInterfaceAttributeCommand,
    () => ({}),
    (input) => `${input.NetworkInterfaceId} ${input.Groups.join(',')}`,
  );
  answer<{ InstanceSpecification: { InstanceId: string } }>(
    mocks,
    'ec2',
    CreateSnapshotsCommand,
    () => ({ Snapshots: [{ SnapshotId: 'snap-0root', VolumeId: 'vol-0b6158b4b95bfde5f' }] }),
    (input) => input.InstanceSpecification.InstanceId,
  );
  answer<{ GroupId: string }>(
    mocks,
    'ec2',
    DeleteSecurityGroupCommand,
    () => ({}),
    (input) => input.GroupId,
  );
  answer(mocks, 'ec2', ModifyInstanceAttributeCommand, () => recordedResponse('test_ec2_costhub_resize__ec2.ModifyInstanceAttribute_1.json'));
  answer<{ Tags: { Key: string }[] }>(
    mocks,
    'ec2',
    CreateTagsCommand,
    () => ({}),
    (input) => input.Tags.map((tag) => tag.Key).join(','),
  );
  answer<{ Tags: { Key: string }[] }>(
    mocks,
    'ec2',
    DeleteTagsCommand,
    () => ({}),
    (input) => input.Tags.map((tag) => tag.Key).join(','),
  );
  answer(mocks, 'sns', PublishCommand, () => recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
}

/**
 * Many instances for rate-limit tests (after {@link happyPath}): every asked-for instance exists,
 * the recorded instance under that id, and no security group exists yet.
 */
export function everyInstanceExists(mocks: AwsMocks): void {
  answer<{ InstanceIds: string[] }>(mocks, 'ec2', DescribeInstancesCommand, (input) => {
    const response = recordedResponse<{ Reservations: { Instances: Record<string, unknown>[] }[] }>(
      'test_ec2_set_instance_profile_disassociation__ec2.DescribeInstances_1.json',
    );
    response.Reservations[0].Instances[0].InstanceId = input.InstanceIds[0];
    return response;
  });
  answer(mocks, 'ec2', DescribeSecurityGroupsCommand, () => ({ SecurityGroups: [] }));
}

/**
 * The guard's alarm of the recorded instance as DescribeAlarms returns it in ALARM after a metric
 * evaluation: StateReasonData as CloudWatch writes it (version 1.0), and the metric's datapoint
 * that breached (for GetMetricStatistics). `changes` alters the alarm.
 */
export function firingGuardAlarm(changes: Record<string, unknown> = {}, region = 'us-west-1', accountId = '111122223333'): Record<string, unknown> {
  return {
    AlarmName: `guards-quarantine-${recordedInstanceId}`,
    AlarmArn: `arn:aws:cloudwatch:${region}:${accountId}:alarm:guards-quarantine-${recordedInstanceId}`,
    Namespace: 'SecurityGuards/InstanceQuarantine',
    MetricName: recordedInstanceId,
    Dimensions: [],
    Statistic: 'Sum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    StateValue: 'ALARM',
    StateReasonData: JSON.stringify({
      version: '1.0',
      queryDate: '2026-12-04T10:01:10.000+0000',
      startDate: '2026-12-04T10:00:00.000+0000',
      statistic: 'Sum',
      period: 60,
      recentDatapoints: [7.0],
      threshold: 5.0,
      evaluatedDatapoints: [{ timestamp: '2026-12-04T10:00:00.000+0000', sampleCount: 7.0, value: 7.0 }],
    }),
    ...changes,
  };
}
/** The datapoint behind {@link firingGuardAlarm}'s evaluation. */
export const breachingDatapoints = [{ Timestamp: new Date('2026-12-04T10:00:00Z'), Sum: 7 }];

/** The members of the hub-mode tests, as the hub's member directory names them. */
export const hubTestAccountNames = { '111111111111': 'security-tooling', '222222222222': 'production' };
/** Their alarmed instances in the directory: the recorded instance, for the member only. */
export const hubTestAlarmedInstances = { [alarmedInstancesDirectoryField]: { '222222222222': [recordedInstanceId] } };

/**
 * Hub mode for each test of a suite: the function's member role and the members' revocation policy
 * by name, the member directory on the suite's moto server (written again after each reset), and a
 * fresh STS stub (read `.sts` inside a test). `writeDirectory` writes another directory and points
 * the function at it (a new version, read at its next invocation as at a cold start).
 */
const standaloneAlertTopicArn = 'arn:aws:sns:us-west-1:111122223333:guards-alerts';

export function useHubModeTestEnvironment(
  aws: QuarantineTestAws,
  remoteRoleName: string,
  revocationPolicyName: string,
): { readonly sts: AwsClientStub<STSClient>; writeDirectory: (lists: DirectoryLists) => Promise<void> } {
  let sts: AwsClientStub<STSClient> | undefined;
  beforeEach(async () => {
    sts = mockClient(STSClient);
    process.env.REMOTE_ROLE_NAME = remoteRoleName;
    process.env.REVOCATION_POLICY_NAME = revocationPolicyName;
    await writeMemberDirectory(aws.table.server, hubTestAccountNames, hubTestAlarmedInstances);
    // The hub's topic lives in the hub account (a delegated administrator's findings arrive on its own bus).
    process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:us-east-1:111111111111:guards-alerts';
  });
  afterEach(() => {
    sts?.restore();
    delete process.env.REMOTE_ROLE_NAME;
    delete process.env.REVOCATION_POLICY_NAME;
    clearMemberDirectory();
    process.env.ALERT_TOPIC_ARN = standaloneAlertTopicArn;
  });
  return {
    get sts() {
      if (!sts) throw new Error('the STS stub exists only inside a test');
      return sts;
    },
    writeDirectory: async (lists) => {
      await writeMemberDirectory(aws.table.server, hubTestAccountNames, lists);
    },
  };
}

/** The config of a client that sent a command: its region and credentials. */
export async function clientOf(call: { thisValue: unknown }): Promise<{ region: string; accessKeyId: string }> {
  const config = (call.thisValue as { config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> } }).config;
  return { region: await config.region(), accessKeyId: (await config.credentials()).accessKeyId };
}
