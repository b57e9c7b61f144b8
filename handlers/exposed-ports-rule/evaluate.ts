import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { changedItem } from '../config-rule/changed-item';
import { ChangeInvocation, OversizedChangeInvocation } from '../config-rule/config-event';
import { ResourceEvaluation } from '../config-rule/verdict';
import { decideInstance, decideSecurityGroup } from './decision';
import { securityGroupIdsOfInstance } from './instance-groups';
import { ForbiddenPortsPolicy } from './contract';
import { securityGroupFromConfiguration } from './security-group-facts';
import { describeSecurityGroups, forEachSecurityGroupPage } from './security-groups';

export const securityGroupType = 'AWS::EC2::SecurityGroup';
export const instanceType = 'AWS::EC2::Instance';

/**
 * One changed resource: a group from the rules in its configuration item; an instance from the
 * current rules of the groups its network interfaces name (one DescribeSecurityGroups call for up
 * to 200 groups).
 */
export async function evaluateChange(
  invocation: ChangeInvocation | OversizedChangeInvocation,
  policy: ForbiddenPortsPolicy,
  clients: { config: ConfigServiceClient; ec2: EC2Client },
): Promise<ResourceEvaluation> {
  const changed = await changedItem(invocation, [securityGroupType, instanceType], clients.config);
  if (!changed.applicable) return changed.evaluation;
  const { item } = changed;
  const subject = { resourceType: item.resourceType, resourceId: item.resourceId, orderingTimestamp: item.captureTime };
  if (item.resourceType === securityGroupType) {
    const group = securityGroupFromConfiguration(item.configuration);
    return { ...subject, ...decideSecurityGroup({ ...group, groupId: group.groupId || item.resourceId }, policy) };
  }
  const groupIds = securityGroupIdsOfInstance(item.configuration);
  const groups = groupIds.length > 0 ? await describeSecurityGroups(clients.ec2, groupIds) : [];
  const found = new Set(groups.map((group) => group.groupId));
  return {
    ...subject,
    ...decideInstance(
      item.resourceId,
      groups,
      policy,
      groupIds.filter((groupId) => !found.has(groupId)),
    ),
  };
}

/** The periodic run: every security group of the region from its current rules. */
export async function evaluateEveryGroup(ec2: EC2Client, policy: ForbiddenPortsPolicy, notificationTime: Date): Promise<ResourceEvaluation[]> {
  const evaluations: ResourceEvaluation[] = [];
  await forEachSecurityGroupPage(ec2, (groups) => {
    for (const group of groups) {
      evaluations.push({
        resourceType: securityGroupType,
        resourceId: group.groupId,
        orderingTimestamp: notificationTime,
        ...decideSecurityGroup(group, policy),
      });
    }
  });
  return evaluations;
}
