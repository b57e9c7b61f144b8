/**
 * The quarantine and release functions making real SDK calls against a moto server (EC2, IAM,
 * DynamoDB, Auto Scaling, ELBv2, SNS): the API accepts every call, and the account ends up as the
 * guard intends, read back through the same APIs.
 */
import './test-env';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  DescribeIamInstanceProfileAssociationsCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  EC2Client,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import { AddRoleToInstanceProfileCommand, CreateInstanceProfileCommand, CreatePolicyCommand, CreateRoleCommand, IAMClient, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { handler as quarantine } from '../../../handlers/instance-quarantine';
import { handler as release } from '../../../handlers/instance-quarantine-release';
import { MotoServer } from '../../helpers/moto-server';

let server: MotoServer;
let ec2: EC2Client;
let iam: IAMClient;
let dynamodb: DynamoDBClient;
let sns: SNSClient;

beforeAll(async () => {
  server = await MotoServer.start();
  Object.assign(process.env, server.clientEnvironment(process.env.AWS_REGION));
  ec2 = new EC2Client({});
  iam = new IAMClient({});
  dynamodb = new DynamoDBClient({});
  sns = new SNSClient({});
}, 120_000);

afterAll(() => {
  for (const client of [ec2, iam, dynamodb, sns]) client?.destroy();
  server?.stop();
});

interface World {
  readonly instanceId: string;
  readonly vpcId: string;
  readonly webGroupId: string;
}

/** What Terraform and the application team made: the stack's table, topic and deny policy; a web instance with a profile. */
async function world(): Promise<World> {
  await server.reset();
  const policy = await iam.send(
    new CreatePolicyCommand({
      PolicyName: 'guards-quarantine-revoke-instance-sessions-us-west-1',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Condition: { Null: { 'ec2:SourceInstanceARN': 'false' } } }] }),
    }),
  );
  process.env.REVOCATION_POLICY_ARN = policy.Policy!.Arn!;
  process.env.ALERT_TOPIC_ARN = (await sns.send(new CreateTopicCommand({ Name: 'guards-alerts' }))).TopicArn!;
  await dynamodb.send(
    new CreateTableCommand({
      TableName: process.env.STATE_TABLE_NAME,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }),
  );
  await iam.send(
    new CreateRoleCommand({
      RoleName: 'web-role',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
    }),
  );
  await iam.send(new CreateInstanceProfileCommand({ InstanceProfileName: 'web-profile' }));
  await iam.send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: 'web-profile', RoleName: 'web-role' }));
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const subnetId = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.1.0/24' }))).Subnet!.SubnetId!;
  const webGroupId = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'web', VpcId: vpcId }))).GroupId!;
  const imageId = (await ec2.send(new DescribeImagesCommand({}))).Images![0].ImageId!;
  const instance = await ec2.send(
    new RunInstancesCommand({
      ImageId: imageId,
      MinCount: 1,
      MaxCount: 1,
      InstanceType: 't3.micro',
      SubnetId: subnetId,
      SecurityGroupIds: [webGroupId],
      IamInstanceProfile: { Name: 'web-profile' },
    }),
  );
  return { instanceId: instance.Instances![0].InstanceId!, vpcId, webGroupId };
}

async function interfaceGroups(instanceId: string): Promise<string[]> {
  const response = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
  return (response.Reservations![0].Instances![0].NetworkInterfaces ?? []).flatMap((eni) => (eni.Groups ?? []).map((group) => group.GroupId!));
}

async function groupsNamed(vpcId: string, prefix: string) {
  const response = await ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }] }));
  return (response.SecurityGroups ?? []).filter((group) => group.GroupName?.startsWith(prefix));
}

async function attachedPolicies(): Promise<string[]> {
  return ((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'web-role' }))).AttachedPolicies ?? []).map((policy) => policy.PolicyArn!);
}

describe('quarantine and release on the emulator', () => {
  it('contains the instance as intended, then the release restores only what the table recorded', async () => {
    const { instanceId, vpcId, webGroupId } = await world();

    const [result] = await quarantine({ action: 'quarantine', instanceId, reason: 'emulator test' });
    expect(result.steps.filter((step) => step.status === 'failed')).toEqual([]);
    expect(result.outcome).toBe('contained');

    const [isolation] = await groupsNamed(vpcId, 'guards-quarantine-isolation');
    expect(isolation.Tags).toEqual(expect.arrayContaining([{ Key: 'guards:managed-by', Value: 'instance-quarantine' }]));
    expect(isolation.IpPermissions).toEqual([]);
    expect(isolation.IpPermissionsEgress).toEqual([]);
    expect(await interfaceGroups(instanceId)).toEqual([isolation.GroupId]);
    expect(await groupsNamed(vpcId, 'guards-quarantine-allow-all')).toEqual([]);
    const associations = (await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] }))).IamInstanceProfileAssociations ?? [];
    expect(associations.filter((association) => association.State === 'associated')).toEqual([]);
    expect(await attachedPolicies()).toEqual([process.env.REVOCATION_POLICY_ARN]);
    const protection = await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }));
    expect(protection.DisableApiTermination?.Value).toBe(true);
    const snapshots = (await ec2.send(new DescribeSnapshotsCommand({ Filters: [{ Name: 'tag:guards:forensics-instance', Values: [instanceId] }] }))).Snapshots ?? [];
    expect(snapshots.length).toBeGreaterThan(0);
    const item = await dynamodb.send(new GetItemCommand({ TableName: process.env.STATE_TABLE_NAME, Key: { pk: { S: `instance#${instanceId}` } } }));
    expect(JSON.parse(item.Item!.record.S!)).toMatchObject({ revokedRoleNames: ['web-role'], instanceProfileArn: expect.stringContaining('instance-profile/web-profile') });

    const released = await release({ instanceId });
    expect(released.steps.filter((step) => step.status === 'failed')).toEqual([]);
    expect(await interfaceGroups(instanceId)).toEqual([webGroupId]);
    expect(await attachedPolicies()).toEqual([]);
    const forgotten = await dynamodb.send(new GetItemCommand({ TableName: process.env.STATE_TABLE_NAME, Key: { pk: { S: `instance#${instanceId}` } } }));
    expect(forgotten.Item).toBeUndefined();
    // Kept: termination protection, and the profile is for an operator to re-associate.
    expect((await ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, Attribute: 'disableApiTermination' }))).DisableApiTermination?.Value).toBe(true);
  }, 120_000);

  it('refuses an isolation group an attacker pre-created with open ingress, and leaves the interface out of it', async () => {
    const { instanceId, vpcId, webGroupId } = await world();
    const trap = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: 'guards-quarantine-isolation',
        Description: 'looks like the guard\'s',
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ Key: 'guards:managed-by', Value: 'instance-quarantine' }] }],
      }),
    );
    await ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: trap.GroupId, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] }));

    await expect(quarantine({ action: 'quarantine', instanceId, reason: 'emulator test' })).rejects.toMatchObject({ name: 'ContainmentIncompleteError', message: expect.stringContaining('UntrustedGroupError') });
    expect(await interfaceGroups(instanceId)).toEqual([webGroupId]);
    // The rest of the containment held: no profile, credentials fenced.
    expect(await attachedPolicies()).toEqual([process.env.REVOCATION_POLICY_ARN]);
  }, 120_000);
});
