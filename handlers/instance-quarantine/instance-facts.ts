import { DescribeIamInstanceProfileAssociationsCommand, DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { isAwsErrorCode } from '../common/aws-errors';
import { InstanceFacts } from './decision';

/**
 * What the guard needs to know about one instance: two calls, whatever the fleet's size.
 * Undefined when the instance does not exist in this account and region.
 */
export async function describeInstanceFacts(ec2: EC2Client, instanceId: string): Promise<InstanceFacts | undefined> {
  let reservations;
  try {
    reservations = (await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }))).Reservations ?? [];
  } catch (error) {
    if (isAwsErrorCode(error, 'InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed')) return undefined;
    throw error;
  }
  const reservation = reservations.find((candidate) => candidate.Instances?.some((instance) => instance.InstanceId === instanceId));
  const instance = reservation?.Instances?.find((candidate) => candidate.InstanceId === instanceId);
  if (!reservation || !instance) return undefined;

  const associations =
    (await ec2.send(new DescribeIamInstanceProfileAssociationsCommand({ Filters: [{ Name: 'instance-id', Values: [instanceId] }] })))
      .IamInstanceProfileAssociations ?? [];

  return {
    instanceId,
    state: instance.State?.Name ?? 'unknown',
    accountId: reservation.OwnerId ?? '',
    ...(instance.InstanceLifecycle ? { lifecycle: instance.InstanceLifecycle } : {}),
    tags: Object.fromEntries((instance.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
    networkInterfaces: (instance.NetworkInterfaces ?? []).map((eni) => ({
      networkInterfaceId: eni.NetworkInterfaceId ?? '',
      vpcId: eni.VpcId ?? instance.VpcId ?? '',
      groupIds: (eni.Groups ?? []).map((group) => group.GroupId ?? ''),
      privateIpAddresses: (eni.PrivateIpAddresses ?? []).flatMap((address) => (address.PrivateIpAddress ? [address.PrivateIpAddress] : [])),
      ...(eni.SubnetId ? { subnetId: eni.SubnetId } : {}),
      ipv6Addresses: (eni.Ipv6Addresses ?? []).flatMap((address) => (address.Ipv6Address ? [address.Ipv6Address] : [])),
    })),
    volumeIds: (instance.BlockDeviceMappings ?? []).flatMap((mapping) => (mapping.Ebs?.VolumeId ? [mapping.Ebs.VolumeId] : [])),
    profileAssociations: associations
      .filter((association) => association.InstanceId === instanceId)
      .map((association) => ({
        associationId: association.AssociationId ?? '',
        instanceProfileArn: association.IamInstanceProfile?.Arn ?? '',
        state: association.State ?? 'unknown',
      })),
  };
}
