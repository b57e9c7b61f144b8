import { DeleteTagsCommand, EC2Client, ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { DetachRolePolicyCommand, IAMClient } from '@aws-sdk/client-iam';
import { isAwsErrorCode } from '../common/aws-errors';
import { InstanceFacts, QuarantineRecord, guardTagKeys } from '../instance-quarantine/decision';
import { StepResult, runStep } from '../instance-quarantine/step-results';
import { ReleaseState } from './release-state';
import { removeNetworkAclDenies } from './network-acl-release';

/** Release restores only what the guard recorded; without a record there is nothing to restore. */
export class NothingToReleaseError extends Error {
  constructor(instanceId: string) {
    super(`${instanceId}: the state table holds no quarantine record; restore it by hand from the quarantine report`);
    this.name = 'NothingToReleaseError';
  }
}

export interface ReleaseClients {
  readonly ec2: EC2Client;
  readonly iam: IAMClient;
}

/**
 * Restores what the state table says, and only that: each interface that still belongs to the
 * instance goes back to its recorded groups; the network ACL entries it added are deleted; the revocation policy comes off each role no other
 * quarantined instance still needs it on. The instance profile is not re-associated (that needs
 * iam:PassRole on arbitrary roles). Termination protection and snapshots stay.
 */
export async function release(
  clients: ReleaseClients,
  state: ReleaseState,
  facts: InstanceFacts,
  record: QuarantineRecord,
  revocationPolicyArn: string,
): Promise<StepResult[]> {
  const steps: StepResult[] = [];
  steps.push(
    await runStep('restore-security-groups', async () => {
      const attached = new Set(facts.networkInterfaces.map((eni) => eni.networkInterfaceId));
      const restored: string[] = [];
      const refused: string[] = [];
      for (const [networkInterfaceId, groupIds] of Object.entries(record.groupsByInterface)) {
        if (groupIds.length === 0) continue;
        // An interface moved to another instance since the quarantine is not this release's to change.
        if (!attached.has(networkInterfaceId)) {
          refused.push(`${networkInterfaceId} is no longer attached to ${facts.instanceId}; not changed`);
          continue;
        }
        await clients.ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: networkInterfaceId, Groups: [...groupIds] }));
        restored.push(`${networkInterfaceId} -> ${groupIds.join(', ')}`);
      }
      if (refused.length > 0) throw new Error([...restored, ...refused].join('; '));
      return { status: 'done', detail: restored.join('; ') || 'no interface recorded' };
    }),
  );
  steps.push(await runStep('remove-network-acl-denies', () => removeNetworkAclDenies(clients.ec2, record.networkAclEntries ?? [])));
  steps.push(
    await runStep('lift-credential-revocation', async () => {
      if (record.revokedRoleNames.length === 0) return { status: 'skipped', detail: 'no role was fenced' };
      const details: string[] = [];
      for (const roleName of record.revokedRoleNames) {
        const stillNeeded = await state.removeRoleReference(roleName, facts.instanceId);
        if (stillNeeded.length > 0) {
          details.push(`${roleName}: kept, ${stillNeeded.join(', ')} still quarantined`);
          continue;
        }
        try {
          await clients.iam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: revocationPolicyArn }));
        } catch (error) {
          // Detached already (a person, an earlier release): the goal is reached.
          if (!isAwsErrorCode(error, 'NoSuchEntity', 'NoSuchEntityException')) throw error;
        }
        details.push(`${roleName}: deny detached`);
      }
      return { status: 'done', detail: details.join('; ') };
    }),
  );
  steps.push({
    step: 'instance-profile',
    status: 'skipped',
    detail: record.instanceProfileArn
      ? `not re-associated: an operator re-associates ${record.instanceProfileArn} once the instance is trusted (the guard holds no iam:PassRole)`
      : 'none was associated',
  });
  const failed = steps.some((step) => step.status === 'failed');
  steps.push(
    await runStep('remove-quarantine-tags', async () => {
      const keys = guardTagKeys(facts.tags);
      if (keys.length === 0) return { status: 'skipped', detail: 'no guard tags' };
      await clients.ec2.send(new DeleteTagsCommand({ Resources: [facts.instanceId], Tags: keys.map((Key) => ({ Key })) }));
      return { status: 'done', detail: `removed ${keys.join(', ')}` };
    }),
  );
  // Last: if a step above failed, the record still holds what a second release needs.
  steps.push(
    await runStep('forget-record', async () => {
      if (failed) return { status: 'skipped', detail: 'kept for another release, since a step failed' };
      await state.forget(facts.instanceId);
      return { status: 'done', detail: 'record deleted from the state table' };
    }),
  );
  return steps;
}
