import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  DeleteSecurityGroupCommand,
  EC2Client,
  IpPermission,
} from '@aws-sdk/client-ec2';
import { managedGroupTag } from './contract';
import {
  UntrustedGroupError,
  allTrafficV4,
  findGroup,
  findOrCreateGroup,
  isTaggedByGuard,
  noRules,
  ruleSet,
  sameRules,
  tolerateDone,
} from './isolation-groups';

/**
 * The allow-all step of standalone mode: the only calls of the quarantine that add a security-group
 * rule. Hub mode never makes them (the member role holds no Authorize call, so that a taken-over hub
 * function cannot open a network path), which the least-privilege tests read from this file.
 */

/** The rules of the allow-all group, exactly: all protocols from and to every IPv4 and IPv6 address. */
const everywhere = { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] } satisfies IpPermission;
const everywhereV6 = { IpProtocol: '-1', Ipv6Ranges: [{ CidrIpv6: '::/0' }] } satisfies IpPermission;
const allTraffic = ruleSet([everywhere]);

/**
 * A fresh allow-all group for one quarantine, verified the same way: the guard's tag, and exactly
 * all traffic in and out (or the state its creation leaves, which it completes).
 */
export async function allowAllGroup(ec2: EC2Client, vpcId: string, groupName: string): Promise<string> {
  const group = await findOrCreateGroup(ec2, vpcId, groupName, 'Quarantine step: all traffic, makes flows untracked (security guards)');
  const groupId = group.GroupId ?? '';
  if (!isTaggedByGuard(group)) throw new UntrustedGroupError(groupName, groupId, `lacks the tag ${managedGroupTag.Key}=${managedGroupTag.Value}`);
  const ingress = ruleSet(group.IpPermissions);
  const egress = ruleSet(group.IpPermissionsEgress);
  if (sameRules(ingress, noRules)) {
    await tolerateDone(
      () => ec2.send(new AuthorizeSecurityGroupIngressCommand({ GroupId: groupId, IpPermissions: [everywhere] })),
      'InvalidPermission.Duplicate',
    );
  } else if (!sameRules(ingress, allTraffic)) {
    throw new UntrustedGroupError(groupName, groupId, `has other ingress rules than all traffic (${ingress.join(', ')})`);
  }
  if (sameRules(egress, allTrafficV4)) {
    await tolerateDone(
      () => ec2.send(new AuthorizeSecurityGroupEgressCommand({ GroupId: groupId, IpPermissions: [everywhereV6] })),
      'InvalidPermission.Duplicate',
    );
  } else if (!sameRules(egress, allTraffic)) {
    throw new UntrustedGroupError(groupName, groupId, `has other egress rules than all traffic (${egress.join(', ')})`);
  }
  return groupId;
}

/**
 * A retry after the allow-all group could not be deleted finds every interface isolated already:
 * the group of that name is deleted then, if it is the guard's. Returns its id, or undefined.
 */
export async function deleteLeftoverAllowAllGroup(ec2: EC2Client, vpcId: string, groupName: string): Promise<string | undefined> {
  const group = await findGroup(ec2, vpcId, groupName);
  if (!group?.GroupId || !isTaggedByGuard(group)) return undefined;
  await deleteAllowAllGroup(ec2, group.GroupId);
  return group.GroupId;
}

/** Deletes the allow-all group once no interface uses it; an already deleted group is fine. */
export async function deleteAllowAllGroup(ec2: EC2Client, groupId: string): Promise<void> {
  await tolerateDone(() => ec2.send(new DeleteSecurityGroupCommand({ GroupId: groupId })), 'InvalidGroup.NotFound');
}
