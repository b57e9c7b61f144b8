import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DescribeSecurityGroupsCommand,
  EC2Client,
  IpPermission,
  RevokeSecurityGroupEgressCommand,
  SecurityGroup,
} from '@aws-sdk/client-ec2';
import { isAwsErrorCode } from '../common/aws-errors';
import { managedGroupTag } from './contract';


export interface GroupNames {
  /** No ingress, no egress. */
  readonly isolation: string;
  /** All traffic in and out: moving an interface here first makes its tracked flows untracked. */
  readonly allowAll: string;
}

export interface VpcGroups {
  readonly isolationGroupId: string;
  readonly allowAllGroupId: string;
}

const everywhere = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] } satisfies IpPermission;
/** The egress rule AWS gives every new group (IPv4 only). */
const defaultEgress = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] } satisfies IpPermission;

function allowsEverywhere(permissions: readonly IpPermission[] | undefined, family: 'v4' | 'v6'): boolean {
  return (permissions ?? []).some(
    (permission) =>
      permission.IpProtocol === '-1' &&
      (family === 'v4'
        ? (permission.IpRanges ?? []).some((range) => range.CidrIp === '0.0.0.0/0')
        : (permission.Ipv6Ranges ?? []).some((range) => range.CidrIpv6 === '::/0')),
  );
}

async function findGroup(ec2: EC2Client, vpcId: string, groupName: string): Promise<SecurityGroup | undefined> {
  const response = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [groupName] },
      ],
    }),
  );
  return response.SecurityGroups?.[0];
}

/**
 * The group of this name in the VPC, created when missing. Two invocations may race to create it:
 * the loser gets InvalidGroup.Duplicate and uses the winner's group.
 */
async function findOrCreateGroup(ec2: EC2Client, vpcId: string, groupName: string, description: string): Promise<SecurityGroup> {
  const existing = await findGroup(ec2, vpcId, groupName);
  if (existing) return existing;
  try {
    const created = await ec2.send(
      new CreateSecurityGroupCommand({
        GroupName: groupName,
        Description: description,
        VpcId: vpcId,
        TagSpecifications: [{ ResourceType: 'security-group', Tags: [{ ...managedGroupTag }, { Key: 'Name', Value: groupName }] }],
      }),
    );
    // A new group has AWS's default egress rule and no ingress.
    return { GroupId: created.GroupId, IpPermissions: [], IpPermissionsEgress: [defaultEgress] };
  } catch (error) {
    if (!isAwsErrorCode(error, 'InvalidGroup.Duplicate')) throw error;
    const winner = await findGroup(ec2, vpcId, groupName);
    if (!winner) throw error;
    return winner;
  }
}

/** Rule changes that another invocation already made are not failures. */
async function tolerateDone(call: () => Promise<unknown>, ...doneCodes: string[]): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!isAwsErrorCode(error, ...doneCodes)) throw error;
  }
}

/** The isolation and allow-all groups of a VPC, with exactly the rules each must have. */
export async function ensureVpcGroups(ec2: EC2Client, vpcId: string, names: GroupNames): Promise<VpcGroups> {
  const isolation = await findOrCreateGroup(ec2, vpcId, names.isolation, 'Quarantine: no traffic in or out (security guards)');
  if ((isolation.IpPermissionsEgress ?? []).length > 0) {
    await tolerateDone(
      () => ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: isolation.GroupId, IpPermissions: isolation.IpPermissionsEgress })),
      'InvalidPermission.NotFound',
    );
  }
  const allowAll = await findOrCreateGroup(ec2, vpcId, names.allowAll, 'Quarantine step: all traffic, makes flows untracked (security guards)');
  if (!allowsEverywhere(allowAll.IpPermissions, 'v4') || !allowsEverywhere(allowAll.IpPermissions, 'v6')) {
    await tolerateDone(
      () => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: allowAll.GroupId, IpPermissions: [everywhere] })),
      'InvalidPermission.Duplicate',
    );
  }
  if (!allowsEverywhere(allowAll.IpPermissionsEgress, 'v6')) {
    await tolerateDone(
      () =>
        ec2.send(
          new AuthorizeSecurityGroupEgressCommand({ GroupId: allowAll.GroupId, IpPermissions: [{ IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] }] }),
        ),
      'InvalidPermission.Duplicate',
    );
  }
  return { isolationGroupId: isolation.GroupId ?? '', allowAllGroupId: allowAll.GroupId ?? '' };
}
