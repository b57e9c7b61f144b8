import {
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
  /** No ingress, no egress; one per VPC, kept. */
  readonly isolation: string;
  /**
   * All traffic in and out: moving an interface here first makes its tracked flows untracked.
   * One per quarantine (the name ends with the instance id), deleted after the move
   * (allow-all-group.ts). Absent in hub mode: the member role may add no rule (containment.ts).
   */
  readonly allowAll?: string;
}

/** A group of the guard's name that is not exactly what the guard made: never used. */
export class UntrustedGroupError extends Error {
  constructor(groupName: string, groupId: string, problem: string) {
    super(`security group ${groupName} (${groupId}) ${problem}; not used. Delete it, or find who made it`);
    this.name = 'UntrustedGroupError';
  }
}

/** Each rule as one comparable string per range, so that AWS's grouping of ranges does not matter. */
export function ruleSet(permissions: readonly IpPermission[] | undefined): string[] {
  return (permissions ?? [])
    .flatMap((permission) => {
      const head = `${permission.IpProtocol}:${permission.FromPort ?? ''}-${permission.ToPort ?? ''}`;
      return [
        ...(permission.IpRanges ?? []).map((range) => `${head}:${range.CidrIp}`),
        ...(permission.Ipv6Ranges ?? []).map((range) => `${head}:${range.CidrIpv6}`),
        ...(permission.PrefixListIds ?? []).map((prefix) => `${head}:${prefix.PrefixListId}`),
        ...(permission.UserIdGroupPairs ?? []).map((pair) => `${head}:${pair.GroupId}`),
      ];
    })
    .sort();
}

export const sameRules = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((rule, index) => rule === b[index]);
export const noRules: string[] = [];
export const allTrafficV4 = ruleSet([{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }]);

export function isTaggedByGuard(group: SecurityGroup): boolean {
  return (group.Tags ?? []).some((tag) => tag.Key === managedGroupTag.Key && tag.Value === managedGroupTag.Value);
}

export async function findGroup(ec2: EC2Client, vpcId: string, groupName: string): Promise<SecurityGroup | undefined> {
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
 * The group of this name in the VPC, created (tagged) when missing. Two invocations may race to
 * create it: the loser gets InvalidGroup.Duplicate and reads the winner's group, which is then
 * verified like any other found group.
 */
export async function findOrCreateGroup(ec2: EC2Client, vpcId: string, groupName: string, description: string): Promise<SecurityGroup> {
  return (await findGroup(ec2, vpcId, groupName)) ?? createGroup(ec2, vpcId, groupName, description);
}

/** Creates the group (tagged); the loser of a race reads the winner's group, verified like any other. */
async function createGroup(ec2: EC2Client, vpcId: string, groupName: string, description: string): Promise<SecurityGroup> {
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
    return {
      GroupId: created.GroupId,
      GroupName: groupName,
      Tags: [{ ...managedGroupTag }],
      IpPermissions: [],
      IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
    };
  } catch (error) {
    if (!isAwsErrorCode(error, 'InvalidGroup.Duplicate')) throw error;
    const winner = await findGroup(ec2, vpcId, groupName);
    if (!winner) throw error;
    return winner;
  }
}

/** The groups in the VPC named `groupName` (exact first) or `groupName-<suffix>`, in one call. */
async function groupsNamed(ec2: EC2Client, vpcId: string, groupName: string): Promise<SecurityGroup[]> {
  const response = await ec2.send(
    new DescribeSecurityGroupsCommand({
      Filters: [
        { Name: 'vpc-id', Values: [vpcId] },
        { Name: 'group-name', Values: [groupName, `${groupName}-*`] },
      ],
    }),
  );
  return (response.SecurityGroups ?? [])
    .filter((group) => group.GroupName === groupName || group.GroupName?.startsWith(`${groupName}-`))
    .sort((a, b) => (a.GroupName === groupName ? -1 : b.GroupName === groupName ? 1 : (a.GroupName ?? '').localeCompare(b.GroupName ?? '')));
}

/**
 * Why a group cannot serve as isolation, or undefined when it is exactly the guard's (no ingress, no
 * egress, the guard's tag). The one state it may be repaired from is the one its own creation
 * leaves (AWS's default egress rule, no ingress): `repairable` then.
 */
function isolationProblem(group: SecurityGroup): { problem?: string; repairable?: boolean } {
  if (!isTaggedByGuard(group)) return { problem: `lacks the tag ${managedGroupTag.Key}=${managedGroupTag.Value}` };
  const ingress = ruleSet(group.IpPermissions);
  const egress = ruleSet(group.IpPermissionsEgress);
  if (!sameRules(ingress, noRules)) return { problem: `has ingress rules (${ingress.join(', ')})` };
  if (sameRules(egress, allTrafficV4)) return { repairable: true };
  if (!sameRules(egress, noRules)) return { problem: `has egress rules (${egress.join(', ')})` };
  return {};
}

async function repairIsolation(ec2: EC2Client, group: SecurityGroup): Promise<string> {
  const groupId = group.GroupId ?? '';
  await tolerateDone(
    () => ec2.send(new RevokeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: group.IpPermissionsEgress })),
    'InvalidPermission.NotFound',
  );
  return groupId;
}

/**
 * The VPC's isolation group, found by the guard's tag and verified (no ingress, no egress). A group
 * that holds the name but is not exactly the guard's (pre-created by someone else to squat it, or
 * changed since) is never used, and no longer blocks isolation: a fresh group with a unique suffix
 * is created and verified instead, and `squatted` names the group that was passed over.
 */
export async function isolationGroup(
  ec2: EC2Client,
  vpcId: string,
  groupName: string,
  uniqueSuffix: () => string = () => Math.random().toString(16).slice(2, 10),
): Promise<{ groupId: string; squatted?: string }> {
  const candidates = await groupsNamed(ec2, vpcId, groupName);
  for (const group of candidates) {
    const { problem, repairable } = isolationProblem(group);
    if (problem) continue;
    return { groupId: repairable ? await repairIsolation(ec2, group) : (group.GroupId ?? '') };
  }
  // The exact name is taken by a group that is not the guard's, or no longer exactly isolation.
  const holder = candidates.find((group) => group.GroupName === groupName);
  const name = holder ? `${groupName}-${uniqueSuffix()}` : groupName;
  const group = await createGroup(ec2, vpcId, name, 'Quarantine: no traffic in or out (security guards)');
  const { problem, repairable } = isolationProblem(group);
  // A group made a moment ago that is not the guard's: someone races the guard; fail closed.
  if (problem) throw new UntrustedGroupError(name, group.GroupId ?? '', problem);
  const groupId = repairable ? await repairIsolation(ec2, group) : (group.GroupId ?? '');
  const squatted = holder ? `${groupName} (${holder.GroupId ?? '?'}) ${isolationProblem(holder).problem ?? 'is not usable'}` : undefined;
  return { groupId, ...(squatted ? { squatted } : {}) };
}

/** Rule changes that another invocation already made are not failures. */
export async function tolerateDone(call: () => Promise<unknown>, ...doneCodes: string[]): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (!isAwsErrorCode(error, ...doneCodes)) throw error;
  }
}
