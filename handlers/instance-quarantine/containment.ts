import {
  CreateSnapshotsCommand,
  CreateTagsCommand,
  DisassociateIamInstanceProfileCommand,
  ModifyInstanceAttributeCommand,
  ModifyNetworkInterfaceAttributeCommand,
} from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand, GetInstanceProfileCommand } from '@aws-sdk/client-iam';
import { describeAwsError, isAwsErrorCode } from '../common/aws-errors';
import { AwsClients } from './aws-clients';
import { ContainmentPlan, NetworkInterfaceFacts, QuarantineRecord, instanceProfileName, quarantineTags, tagValue } from './decision';
import { QuarantineTrigger } from './events';
import { allowAllGroup, deleteAllowAllGroup, deleteLeftoverAllowAllGroup } from './allow-all-group';
import { GroupNames, isolationGroup } from './isolation-groups';
import { AutoScalingAction, leaveAutoScalingGroup, leaveTargetGroups } from './leave-service';
import { RuleNumberRange, denyInNetworkAcls } from './network-acl-deny';
import { QuarantineState } from './quarantine-state';
import { StepResult, runStep } from './step-results';

export interface ContainmentRequest {
  readonly instanceId: string;
  readonly trigger: QuarantineTrigger;
  readonly reason: string;
  /** When the quarantine started, ISO 8601. */
  readonly startedAt: string;
  readonly groupNames: GroupNames;
  /** The Terraform-managed deny policy that the guard attaches to the instance's role. */
  readonly revocationPolicyArn: string;
  readonly autoScalingAction: AutoScalingAction;
  /** With networkAclDeny on: the rule numbers the guard may use; absent: no network ACL is touched. */
  readonly networkAclRuleNumbers?: RuleNumberRange;
  /**
   * Roles whose instance-delivered sessions are revoked besides the profile's: the role of stolen
   * instance credentials a GuardDuty finding names (the instance may have another profile by now).
   */
  readonly extraRoleNames?: readonly string[];
}

/** The steps, in order, for a report of a dry run: what would be done. */
export function plannedSteps(
  plan: ContainmentPlan,
  request: Pick<ContainmentRequest, 'autoScalingAction' | 'networkAclRuleNumbers' | 'groupNames'>,
): StepResult[] {
  const planned = (step: string, detail: string): StepResult => ({ step, status: 'planned', detail });
  return [
    plan.recordPriorState
      ? planned('record-prior-state', 'record security groups and instance profile in the state table')
      : { step: 'record-prior-state', status: 'skipped', detail: 'recorded by an earlier run' },
    plan.spot
      ? { step: 'protect-from-termination', status: 'skipped', detail: 'Spot instance: AWS refuses termination protection on it' }
      : planned('protect-from-termination', 'termination protection on, OS shutdown stops instead of terminating'),
    planned('leave-auto-scaling-group', `${request.autoScalingAction} if in an Auto Scaling group`),
    planned('leave-target-groups', 'deregister from every target group'),
    planned('detach-instance-profile', plan.associationIdsToDetach.length > 0 ? `disassociate ${plan.associationIdsToDetach.join(', ')}` : 'none associated'),
    planned(
      'revoke-credentials',
      plan.instanceProfileArn ? `attach the revocation deny policy to the role of ${plan.instanceProfileArn}` : 'no instance profile',
    ),
    planned(
      'isolate-network',
      `move ${plan.interfaces.map((eni) => eni.networkInterfaceId).join(', ') || 'no interface'} to ${request.groupNames.allowAll ? 'allow-all, then isolation' : 'isolation (hub mode: no allow-all step)'}`,
    ),
    request.networkAclRuleNumbers
      ? planned(
          'deny-in-network-acls',
          `inbound and outbound deny of each address in its subnet's network ACL, rule numbers ${request.networkAclRuleNumbers.from}-${request.networkAclRuleNumbers.to}`,
        )
      : { step: 'deny-in-network-acls', status: 'skipped', detail: 'networkAclDeny off in the config' },
    planned('snapshot-volumes', plan.snapshotVolumes ? 'snapshot every volume together' : 'nothing to snapshot'),
    planned('tag-quarantined', 'tag the instance as quarantined'),
  ];
}

/**
 * Contains the instance, step by step, in the order that matters: record what a release needs
 * (in the table only the guard writes); keep it from being terminated and replaced; take it out of
 * service; take away its identity and its issued credentials, then its network; keep evidence;
 * mark it. Every step is idempotent and reported; a failed step does not stop the later ones.
 */
export async function contain(
  clients: AwsClients,
  state: QuarantineState,
  request: ContainmentRequest,
  plan: ContainmentPlan,
): Promise<{ steps: StepResult[]; record: QuarantineRecord }> {
  const { ec2 } = clients;
  const instanceId = request.instanceId;
  const steps: StepResult[] = [];
  let record = plan.record;

  steps.push(
    await runStep('record-prior-state', async () => {
      if (!plan.recordPriorState) return { status: 'skipped', detail: `recorded at ${record.startedAt}; kept as it was` };
      record = await state.createRecord(record);
      return { status: 'done', detail: 'security groups and instance profile recorded in the state table' };
    }),
  );

  steps.push(
    await runStep('protect-from-termination', async () => {
      // Spot instances reject both attributes' changes on every try: said once, not retried.
      if (plan.spot)
        return {
          status: 'skipped',
          detail: 'Spot instance: AWS refuses termination protection on it, and may still reclaim it; the snapshots keep the evidence',
        };
      await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, DisableApiTermination: { Value: true } }));
      await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: instanceId, InstanceInitiatedShutdownBehavior: { Value: 'stop' } }));
      return { status: 'done', detail: 'termination protection on; a shutdown from inside stops the instance instead of terminating it' };
    }),
  );

  steps.push(await runStep('leave-auto-scaling-group', () => leaveAutoScalingGroup(clients, instanceId, request.autoScalingAction)));
  const privateIpAddresses = plan.interfaces.flatMap((eni) => eni.privateIpAddresses ?? []);
  steps.push(await runStep('leave-target-groups', () => leaveTargetGroups(clients, instanceId, privateIpAddresses)));

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
      const extraRoleNames = request.extraRoleNames ?? [];
      if (!plan.instanceProfileArn && extraRoleNames.length === 0) return { status: 'skipped', detail: 'no instance profile: no credentials issued' };
      // The role comes from the profile EC2 says was associated (or that the guard recorded), never
      // from a tag; or from the GuardDuty finding that saw its stolen session.
      const profile = plan.instanceProfileArn
        ? await clients.iam.send(new GetInstanceProfileCommand({ InstanceProfileName: instanceProfileName(plan.instanceProfileArn) }))
        : undefined;
      const profileRoleNames = (profile?.InstanceProfile?.Roles ?? []).map((role) => role.RoleName ?? '').filter((name) => name !== '');
      const roleNames = [...new Set([...profileRoleNames, ...extraRoleNames])];
      if (roleNames.length === 0) return { status: 'skipped', detail: `${plan.instanceProfileArn} has no role` };
      for (const roleName of roleNames) {
        // Referenced first: a release of another instance must not detach a deny this one needs.
        await state.addRoleReference(roleName, instanceId);
        await clients.iam.send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: request.revocationPolicyArn }));
        if (!record.revokedRoleNames.includes(roleName)) {
          record = { ...record, revokedRoleNames: [...record.revokedRoleNames, roleName] };
          await state.saveRecord(record);
        }
      }
      const revokedAt = new Date().toISOString();
      return {
        status: 'done',
        detail: `at ${revokedAt}, after the profile was detached: denied every instance-delivered session of role ${roleNames.join(', ')} (every instance using that role loses AWS access until the release)`,
      };
    }),
  );

  steps.push(await runStep('isolate-network', () => isolateNetwork(clients, request, plan.interfaces, record)));

  steps.push(
    await runStep('deny-in-network-acls', async () => {
      const range = request.networkAclRuleNumbers;
      if (!range) return { status: 'skipped', detail: 'networkAclDeny off in the config' };
      // Cuts the flows AWS always tracks (NAT gateway, NLB, GWLB, Transit Gateway, endpoints), which survive the group swap.
      const result = await denyInNetworkAcls(ec2, plan.interfaces, range, record, async (updated) => {
        record = updated;
        await state.saveRecord(updated);
      });
      record = result.record;
      return result.outcome;
    }),
  );

  steps.push(
    await runStep('snapshot-volumes', async () => {
      if (!plan.snapshotVolumes) return { status: 'skipped', detail: 'snapshots off in the config, taken by an earlier run, or no EBS volume' };
      const response = await ec2.send(
        new CreateSnapshotsCommand({
          // One call: every EBS volume of the instance at the same moment (crash-consistent).
          InstanceSpecification: { InstanceId: instanceId, ExcludeBootVolume: false },
          Description: tagValue(`Forensic snapshot of quarantined ${instanceId}`),
          CopyTagsFromSource: 'volume',
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
      const snapshotIds = (response.Snapshots ?? []).map((snapshot) => snapshot.SnapshotId ?? '').filter((id) => id !== '');
      record = { ...record, snapshotIds };
      await state.saveRecord(record);
      // For people: a re-run reads the table, not this tag.
      await ec2.send(new CreateTagsCommand({ Resources: [instanceId], Tags: [{ Key: quarantineTags.snapshots, Value: tagValue(snapshotIds.join(',')) }] }));
      return { status: 'done', detail: `snapshots ${snapshotIds.join(', ')}` };
    }),
  );

  steps.push(
    await runStep('tag-quarantined', async () => {
      await ec2.send(
        new CreateTagsCommand({
          Resources: [instanceId],
          Tags: [
            { Key: quarantineTags.status, Value: 'active' },
            { Key: quarantineTags.at, Value: record.startedAt },
            { Key: quarantineTags.reason, Value: tagValue(request.reason) },
            { Key: quarantineTags.trigger, Value: request.trigger },
          ],
        }),
      );
      return { status: 'done', detail: `tagged ${quarantineTags.status}=active` };
    }),
  );
  return { steps, record };
}

async function moveInterface(clients: AwsClients, networkInterfaceId: string, groupIds: readonly string[]): Promise<void> {
  await clients.ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: networkInterfaceId, Groups: [...groupIds] }));
}

/** Two tries: the SDK already retries throttling; this covers a transient failure it does not. */
async function moveWithRetry(clients: AwsClients, networkInterfaceId: string, groupIds: readonly string[]): Promise<void> {
  try {
    await moveInterface(clients, networkInterfaceId, groupIds);
  } catch {
    await moveInterface(clients, networkInterfaceId, groupIds);
  }
}

/**
 * Every network interface, not only the primary one, goes to a fresh allow-all group first: that
 * makes its existing connections untracked, so the isolation group then cuts them, where removing
 * rules alone would leave tracked connections open. Flows AWS always tracks (NAT gateway, NLB,
 * GWLB, Transit Gateway, interface endpoints) survive any security-group change.
 *
 * If the move to isolation fails twice, the interface goes back to its recorded groups, so that no
 * interface is ever left in allow-all; the step then fails and says so. The allow-all group is
 * deleted at the end.
 */
async function isolateNetwork(
  clients: AwsClients,
  request: ContainmentRequest,
  interfaces: readonly NetworkInterfaceFacts[],
  record: QuarantineRecord,
): Promise<{ status: 'done' | 'skipped'; detail: string }> {
  if (interfaces.length === 0) return { status: 'skipped', detail: 'no network interface' };
  const { ec2 } = clients;
  const isolationByVpc = new Map<string, string>();
  const squattedNotes: string[] = [];
  for (const vpcId of new Set(interfaces.map((eni) => eni.vpcId))) {
    // A group of that name that is not exactly the guard's is never used: a fresh verified one is, and the report says so.
    const isolation = await isolationGroup(ec2, vpcId, request.groupNames.isolation);
    isolationByVpc.set(vpcId, isolation.groupId);
    if (isolation.squatted) squattedNotes.push(`${vpcId}: passed over ${isolation.squatted}; isolated in the fresh group ${isolation.groupId}`);
  }
  const allowAllName = request.groupNames.allowAll;
  if (allowAllName === undefined) return isolateWithoutAllowAll(clients, interfaces, isolationByVpc, squattedNotes);
  const moved: string[] = [];
  const already: string[] = [];
  const failures: string[] = [];
  const notes: string[] = [...squattedNotes];
  const allowAllByVpc = new Map<string, string | undefined>();
  for (const eni of interfaces) {
    const isolationGroupId = isolationByVpc.get(eni.vpcId)!;
    if (eni.groupIds.length === 1 && eni.groupIds[0] === isolationGroupId) {
      already.push(eni.networkInterfaceId);
      continue;
    }
    if (!allowAllByVpc.has(eni.vpcId)) {
      try {
        allowAllByVpc.set(eni.vpcId, await allowAllGroup(ec2, eni.vpcId, `${allowAllName}-${request.instanceId}`));
      } catch (error) {
        // Isolating without the allow-all step still cuts new traffic; tracked flows may survive: said in the report.
        allowAllByVpc.set(eni.vpcId, undefined);
        failures.push(
          `allow-all group in ${eni.vpcId} not usable (${describeAwsError(error)}); interfaces moved straight to isolation, tracked connections may survive`,
        );
      }
    }
    const allowAllGroupId = allowAllByVpc.get(eni.vpcId);
    try {
      if (allowAllGroupId) await moveInterface(clients, eni.networkInterfaceId, [allowAllGroupId]);
    } catch (error) {
      failures.push(`${eni.networkInterfaceId}: move to allow-all failed (${describeAwsError(error)}); moving straight to isolation`);
    }
    try {
      await moveWithRetry(clients, eni.networkInterfaceId, [isolationGroupId]);
      moved.push(`${eni.networkInterfaceId} -> ${isolationGroupId}`);
    } catch (error) {
      const recorded = record.groupsByInterface[eni.networkInterfaceId] ?? eni.groupIds;
      try {
        await moveInterface(clients, eni.networkInterfaceId, recorded);
        failures.push(`${eni.networkInterfaceId}: NOT ISOLATED (${describeAwsError(error)}); put back in its own groups ${recorded.join(', ')}`);
      } catch (fallbackError) {
        failures.push(
          `${eni.networkInterfaceId}: NOT ISOLATED and LEFT IN ALLOW-ALL (${describeAwsError(error)}; going back failed: ${describeAwsError(fallbackError)})`,
        );
      }
    }
  }
  for (const vpcId of isolationByVpc.keys()) {
    if (allowAllByVpc.has(vpcId)) continue;
    try {
      const leftover = await deleteLeftoverAllowAllGroup(ec2, vpcId, `${allowAllName}-${request.instanceId}`);
      if (leftover) notes.push(`deleted allow-all group ${leftover} left by an earlier run`);
    } catch (error) {
      failures.push(`allow-all group left in ${vpcId} by an earlier run not deleted (${describeAwsError(error)})`);
    }
  }
  for (const [vpcId, groupId] of allowAllByVpc) {
    if (!groupId) continue;
    try {
      await deleteAllowAllGroup(ec2, groupId);
      notes.push(`deleted allow-all group ${groupId}`);
    } catch (error) {
      failures.push(`allow-all group ${groupId} in ${vpcId} not deleted (${describeAwsError(error)})`);
    }
  }
  if (failures.length > 0)
    throw new Error(`isolated ${moved.length + already.length} of ${interfaces.length} interfaces; ${[...moved, ...failures].join('; ')}`);
  if (moved.length === 0) return { status: 'skipped', detail: [`already isolated: ${already.join(', ')}`, ...notes].join('; ') };
  return {
    status: 'done',
    detail: [`isolated ${moved.join(', ')}`, ...(already.length > 0 ? [`already isolated: ${already.join(', ')}`] : []), ...notes].join('; '),
  };
}

/**
 * Hub mode: each interface moves straight to its VPC's isolation group. The member role holds no
 * call that adds a rule, so there is no allow-all step: connections tracked before the move (an
 * open session) survive it until they close or time out, and the report says so. An interface
 * whose move fails was never moved: it stays in its own groups, and the step fails.
 */
async function isolateWithoutAllowAll(
  clients: AwsClients,
  interfaces: readonly NetworkInterfaceFacts[],
  isolationByVpc: ReadonlyMap<string, string>,
  notes: readonly string[],
): Promise<{ status: 'done' | 'skipped'; detail: string }> {
  const moved: string[] = [];
  const already: string[] = [];
  const failures: string[] = [];
  for (const eni of interfaces) {
    const isolationGroupId = isolationByVpc.get(eni.vpcId)!;
    if (eni.groupIds.length === 1 && eni.groupIds[0] === isolationGroupId) {
      already.push(eni.networkInterfaceId);
      continue;
    }
    try {
      await moveWithRetry(clients, eni.networkInterfaceId, [isolationGroupId]);
      moved.push(`${eni.networkInterfaceId} -> ${isolationGroupId}`);
    } catch (error) {
      failures.push(`${eni.networkInterfaceId}: NOT ISOLATED (${describeAwsError(error)}); still in its own groups ${eni.groupIds.join(', ')}`);
    }
  }
  if (failures.length > 0)
    throw new Error(`isolated ${moved.length + already.length} of ${interfaces.length} interfaces; ${[...moved, ...failures].join('; ')}`);
  if (moved.length === 0) return { status: 'skipped', detail: [`already isolated: ${already.join(', ')}`, ...notes].join('; ') };
  return {
    status: 'done',
    detail: [
      `isolated ${moved.join(', ')} (hub mode: no allow-all step, so connections open before the move may last until they close)`,
      ...(already.length > 0 ? [`already isolated: ${already.join(', ')}`] : []),
      ...notes,
    ].join('; '),
  };
}
