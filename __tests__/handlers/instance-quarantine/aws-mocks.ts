import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DisassociateIamInstanceProfileCommand,
  AssociateIamInstanceProfileCommand,
  EC2Client,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { recordedResponse } from '../../helpers/fixtures';

export const recordedInstanceId = 'i-00fe7967fb7167c62';

/** The three clients, mocked, and the order in which every command reached any of them. */
export interface AwsMocks {
  readonly ec2: AwsClientStub<EC2Client>;
  readonly iam: AwsClientStub<IAMClient>;
  readonly sns: AwsClientStub<SNSClient>;
  readonly calls: string[];
}

export function mockAws(): AwsMocks {
  return { ec2: mockClient(EC2Client), iam: mockClient(IAMClient), sns: mockClient(SNSClient), calls: [] };
}

type AnyCommand = { new (input: never): unknown; name: string };

/** Answers a command with `answer(input)` and logs the call (the command name, and a short detail). */
export function answer<I>(mocks: AwsMocks, client: 'ec2' | 'iam' | 'sns', command: AnyCommand, respond: (input: I) => unknown, detail?: (input: I) => string): void {
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
  answer<{ RoleName: string }>(mocks, 'iam', PutRolePolicyCommand, () => ({}), (input) => input.RoleName);
  const groups = scenario.existingGroups ?? {};
  answer<{ Filters: { Name: string; Values: string[] }[] }>(
    mocks,
    'ec2',
    DescribeSecurityGroupsCommand,
    (input) => {
      const name = input.Filters.find((filter) => filter.Name === 'group-name')?.Values[0] ?? '';
      return { SecurityGroups: groups[name] ? [groups[name]] : [] };
    },
    (input) => input.Filters.find((filter) => filter.Name === 'group-name')?.Values[0] ?? '',
  );
  answer<{ GroupName: string }>(
    mocks,
    'ec2',
    CreateSecurityGroupCommand,
    (input) =>
      input.GroupName.endsWith('isolation')
        ? recordedResponse('test_network_location_match_in_mismatch__ec2.CreateSecurityGroup_1.json')
        : { GroupId: 'sg-0a11a11a11a11a11a' },
    (input) => input.GroupName,
  );
  answer<{ GroupId: string }>(mocks, 'ec2', RevokeSecurityGroupEgressCommand, () => recordedResponse('test_security_group_cidr_size__ec2.RevokeSecurityGroupEgress_1.json'), (input) => input.GroupId);
  answer<{ GroupId: string }>(mocks, 'ec2', AuthorizeSecurityGroupIngressCommand, () => ({}), (input) => input.GroupId);
  answer<{ GroupId: string }>(mocks, 'ec2', AuthorizeSecurityGroupEgressCommand, () => ({}), (input) => input.GroupId);
  answer<{ NetworkInterfaceId: string; Groups: string[] }>(
    mocks,
    'ec2',
    ModifyNetworkInterfaceAttributeCommand,
    () => ({}),
    (input) => `${input.NetworkInterfaceId} ${input.Groups.join(',')}`,
  );
  answer<{ VolumeId: string }>(mocks, 'ec2', CreateSnapshotCommand, (input) => ({ SnapshotId: `snap-of-${input.VolumeId}` }), (input) => input.VolumeId);
  answer(mocks, 'ec2', ModifyInstanceAttributeCommand, () => recordedResponse('test_ec2_costhub_resize__ec2.ModifyInstanceAttribute_1.json'));
  answer<{ Tags: { Key: string }[] }>(mocks, 'ec2', CreateTagsCommand, () => ({}), (input) => input.Tags.map((tag) => tag.Key).join(','));
  answer<{ Tags: { Key: string }[] }>(mocks, 'ec2', DeleteTagsCommand, () => ({}), (input) => input.Tags.map((tag) => tag.Key).join(','));
  answer<{ IamInstanceProfile: { Arn: string } }>(mocks, 'ec2', AssociateIamInstanceProfileCommand, () => ({}), (input) => input.IamInstanceProfile.Arn);
  answer(mocks, 'sns', PublishCommand, () => recordedResponse('test_sns_notify_action__sns.Publish_1.json'));
}
