import { DescribeAutoScalingInstancesCommand, DetachInstancesCommand, EnterStandbyCommand } from '@aws-sdk/client-auto-scaling';
import { DeregisterTargetsCommand, DescribeTargetGroupsCommand, DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { AwsClients } from './aws-clients';

import type { AutoScalingAction } from './contract';

export type { AutoScalingAction };

/**
 * Takes the instance out of its Auto Scaling group before it is isolated: an isolated instance
 * fails its health checks, and the group would terminate it, and the evidence with it. Detached,
 * the group launches a replacement; in Standby it keeps its count and replaces nothing.
 */
export async function leaveAutoScalingGroup(
  { autoScaling }: AwsClients,
  instanceId: string,
  action: AutoScalingAction,
): Promise<{ status: 'done' | 'skipped'; detail: string }> {
  const found = (await autoScaling.send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }))).AutoScalingInstances ?? [];
  const membership = found.find((instance) => instance.InstanceId === instanceId);
  if (!membership?.AutoScalingGroupName) return { status: 'skipped', detail: 'not in an Auto Scaling group' };
  const groupName = membership.AutoScalingGroupName;
  if (action === 'standby') {
    if ((membership.LifecycleState ?? '').startsWith('Standby')) return { status: 'skipped', detail: `already in Standby in ${groupName}` };
    await autoScaling.send(new EnterStandbyCommand({ AutoScalingGroupName: groupName, InstanceIds: [instanceId], ShouldDecrementDesiredCapacity: true }));
    return { status: 'done', detail: `put in Standby in ${groupName} (no replacement launched)` };
  }
  if ((membership.LifecycleState ?? '').startsWith('Detach')) return { status: 'skipped', detail: `already detaching from ${groupName}` };
  await autoScaling.send(new DetachInstancesCommand({ AutoScalingGroupName: groupName, InstanceIds: [instanceId], ShouldDecrementDesiredCapacity: false }));
  return { status: 'done', detail: `detached from ${groupName} (the group launches a replacement)` };
}

/**
 * Deregisters the instance from every target group that has it as a target: by instance id in
 * instance-type groups, by its private addresses in IP-type groups, on every port. Load balancers
 * stop sending it traffic, and their health checks stop mattering. Costs one call per target group
 * of the region (ELB has no lookup by target).
 */
export async function leaveTargetGroups(
  { elbv2 }: AwsClients,
  instanceId: string,
  privateIpAddresses: readonly string[],
): Promise<{ status: 'done' | 'skipped'; detail: string }> {
  const left: string[] = [];
  let marker: string | undefined;
  do {
    const page = await elbv2.send(new DescribeTargetGroupsCommand({ ...(marker ? { Marker: marker } : {}) }));
    for (const group of page.TargetGroups ?? []) {
      const ids = group.TargetType === 'instance' ? [instanceId] : group.TargetType === 'ip' ? privateIpAddresses : [];
      if (ids.length === 0 || !group.TargetGroupArn) continue;
      const health = (await elbv2.send(new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }))).TargetHealthDescriptions ?? [];
      const targets = health.flatMap((description) => (description.Target?.Id && ids.includes(description.Target.Id) ? [description.Target] : []));
      if (targets.length === 0) continue;
      await elbv2.send(
        new DeregisterTargetsCommand({
          TargetGroupArn: group.TargetGroupArn,
          // The target exactly as registered: an IP target may also name its Availability Zone.
          Targets: targets.map((target) => ({
            Id: target.Id,
            ...(target.Port ? { Port: target.Port } : {}),
            ...(target.AvailabilityZone ? { AvailabilityZone: target.AvailabilityZone } : {}),
          })),
        }),
      );
      left.push(group.TargetGroupName ?? group.TargetGroupArn);
    }
    marker = page.NextMarker;
  } while (marker);
  if (left.length === 0) return { status: 'skipped', detail: 'in no target group' };
  return { status: 'done', detail: `deregistered from ${left.join(', ')}` };
}
