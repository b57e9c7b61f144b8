import {
  CreateSnapshotCommand,
  CreateTagsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { GetInstanceProfileCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { describeAwsError, isAwsErrorCode } from '../common/aws-errors';
import { AwsClients } from './aws-clients';
import {
  ContainmentPlan,
  NetworkInterfaceFacts,
  instanceProfileName,
  priorStateTags,
  quarantineTags,
  revocationPolicy,
  revocationPolicyName,
  tagValue,
} from './decision';
import { QuarantineTrigger } from './events';
import { GroupNames, VpcGroups, ensureVpcGroups } from './isolation-groups';
import { StepResult, runStep } from './step-results';

export interface ContainmentRequest {
  readonly instanceId: string;
  /** arn:<partition>:ec2:<region>:<account>:instance/<id> */
  readonly instanceArn: string;
  readonly trigger: QuarantineTrigger;
  readonly reason: string;
  /** When the quarantine started, ISO 8601: credentials issued before it are revoked. */
  readonly startedAt: string;
  readonly groupNames: GroupNames;
}

/** The steps, in order, for a report of a dry run: what would be done. */
export function plannedSteps(plan: ContainmentPlan): StepResult[] {
  const planned = (step: string, detail: string): StepResult => ({ step, status: 'planned', detail });
  return [
    plan.recordPriorState ? planned('record-prior-state', 'tag the instance with its security groups and instance profile') : { step: 'record-prior-state', status: 'skipped', detail: 'recorded by an earlier run' },
    planned('detach-instance-profile', plan.associationIdsToDetach.length > 0 ? `disassociate ${plan.associationIdsToDetach.join(', ')}` : 'none associated'),
    planned('revoke-credentials', plan.instanceProfileArn ? `deny sessions issued before now on the role of ${plan.instanceProfileArn}` : 'no instance profile'),
    planned('isolate-network', `move ${plan.interfaces.map((eni) => eni.networkInterfaceId).join(', ') || 'no interface'} to allow-all, then isolation`),
    planned('snapshot-volumes', plan.volumeIdsToSnapshot.length > 0 ? `snapshot ${plan.volumeIdsToSnapshot.join(', ')}` : 'nothing to snapshot'),
    planned('termination-protection', 'turn termination protection on'),
    planned('tag-quarantined', 'tag the instance as quarantined'),
  ];
}

/**
 * Contains the instance, step by step, in the order that matters: record what a release needs,
 * take away its identity and its issued credentials, then its network; keep evidence; mark it.
 * Every step is idempotent and reported; a failed step does not stop the later ones.
 */
export async function contain(clients: AwsClients, request: ContainmentRequest, plan: ContainmentPlan): Promise<StepResult[]> {
  const { ec2, iam } = clients;
  const instanceId = request.instanceId;
  const steps: StepResult[] = [];

  steps.push(
    await runStep('record-prior-state', async () => {
      if (!plan.recordPriorState) return { status: 'skipped', detail: 'recorded by an earlier run; kept as it was' };
      await ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: priorStateTags(plan.priorState, request.startedAt) }));
      return { status: 'done', detail: 'security groups and instance profile recorded as guards:prior:* tags' };
    }),
  );

  steps.push(
    await runStep('detach-instance-profile', async () => {
      if (plan.associationIdsToDetach.length === 0) return { status: 'skipped', detail: 'no instance profile associated' };
      for (const associationId of plan.associationIdsToDetach) {
        try {
          await ec2.send(new DisassociateIamInstanceProfileCommand({ AssociationId: associationId }));
        } catch (error) {
          // Detached in the meantime (an earlier run, a person): the goal is reached.
          if (!isAwsErrorCode(error, 'InvalidAssociationID.NotFound')) throw error;
        }
      }
      return { status: 'done', detail: `disassociated ${plan.associationIdsToDetach.join(', ')}` };
    }),
  );

  steps.push(
    await runStep('revoke-credentials', async () => {
      if (!plan.instanceProfileArn) return { status: 'skipped', detail: 'no instance profile: no credentials issued' };
      const profile = await iam.send(new GetInstanceProfileCommand({ InstanceProfileName: instanceProfileName(plan.instanceProfileArn) }));
      const roleNames = (profile.InstanceProfile?.Roles ?? []).map((role) => role.RoleName ?? '').filter((name) => name !== '');
      if (roleNames.length === 0) return { status: 'skipped', detail: `${plan.instanceProfileArn} has no role` };
      for (const roleName of roleNames) {
        await iam.send(
          new PutRolePolicyCommand({
            RoleName: roleName,
            PolicyName: revocationPolicyName(instanceId),
            PolicyDocument: revocationPolicy(request.instanceArn, request.startedAt),
          }),
        );
      }
      return { status: 'done', detail: `denied sessions of ${instanceId} issued before ${request.startedAt} on role ${roleNames.join(', ')}` };
    }),
  );

  steps.push(await runStep('isolate-network', () => isolateNetwork(clients, request, plan.interfaces)));

  steps.push(
    await runStep('snapshot-volumes', async () => {
      if (plan.volumeIdsToSnapshot.length === 0) return { status: 'skipped', detail: 'snapshots off, taken by an earlier run, or no EBS volume' };
      const snapshotIds: string[] = [];
      for (const volumeId of plan.volumeIdsToSnapshot) {
        const snapshot = await ec2.send(
          new CreateSnapshotCommand({
            VolumeId: volumeId,
            Description: tagValue(`Forensic snapshot of ${volumeId} of quarantined ${instanceId}`),
            TagSpecifications: [
              {
                ResourceType: 'snapshot',
                Tags: [
                  { Key: 'guards:forensics-instance', Value: instanceId },
                  { Key: quarantineTags.at, Value: request.startedAt },
                ],
              },
            ],
          }),
        );
        snapshotIds.push(snapshot.SnapshotId ?? '');
      }
      // Recorded on the instance, so that a re-run does not snapshot again.
      await ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: quarantineTags.snapshots, Value: tagValue(snapshotIds.join(',')) }] }));
      return { status: 'done', detail: `snapshots ${snapshotIds.join(', ')}` };
    }),
  );

  steps.push(
    await runStep('termination-protection', async () => {
      await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, DisableApiTermination: { Value: true } }));
      return { status: 'done', detail: 'termination protection on' };
    }),
  );

  steps.push(
    await runStep('tag-quarantined', async () => {
      await ec2.send(
        new CreateTagsCommand({
          Resources: [instanceId],
          Tags: [
            { Key: quarantineTags.status, Value: 'active' },
            { Key: quarantineTags.at, Value: request.startedAt },
            { Key: quarantineTags.reason, Value: tagValue(request.reason) },
            { Key: quarantineTags.trigger, Value: request.trigger },
          ],
        }),
      );
      return { status: 'done', detail: `tagged ${quarantineTags.status}=active` };
    }),
  );
  return steps;
}

/**
 * Every network interface, not only the primary one, goes to the allow-all group first: that makes
 * its existing connections untracked, so the isolation group then cuts them, where removing rules
 * alone would leave tracked connections open.
 */
async function isolateNetwork(
  { ec2 }: AwsClients,
  request: ContainmentRequest,
  interfaces: readonly NetworkInterfaceFacts[],
): Promise<{ status: 'done' | 'skipped'; detail: string }> {
  if (interfaces.length === 0) return { status: 'skipped', detail: 'no network interface' };
  const groupsByVpc = new Map<string, VpcGroups>();
  for (const vpcId of new Set(interfaces.map((eni) => eni.vpcId))) {
    groupsByVpc.set(vpcId, await ensureVpcGroups(ec2, vpcId, request.groupNames));
  }
  const moved: string[] = [];
  const already: string[] = [];
  const failures: string[] = [];
  for (const eni of interfaces) {
    const groups = groupsByVpc.get(eni.vpcId)!;
    if (eni.groupIds.length === 1 && eni.groupIds[0] === groups.isolationGroupId) {
      already.push(eni.networkInterfaceId);
      continue;
    }
    try {
      await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni.networkInterfaceId, Groups: [groups.allowAllGroupId] }));
      await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: eni.networkInterfaceId, Groups: [groups.isolationGroupId] }));
      moved.push(`${eni.networkInterfaceId} -> ${groups.isolationGroupId}`);
    } catch (error) {
      // The other interfaces still get isolated; the step fails after them.
      failures.push(`${eni.networkInterfaceId}: ${describeAwsError(error)}`);
    }
  }
  if (failures.length > 0) throw new Error(`isolated ${moved.length} of ${interfaces.length} interfaces; failed: ${failures.join('; ')}`);
  if (moved.length === 0) return { status: 'skipped', detail: `already isolated: ${already.join(', ')}` };
  return { status: 'done', detail: [`isolated ${moved.join(', ')}`, ...(already.length > 0 ? [`already isolated: ${already.join(', ')}`] : [])].join('; ') };
}
