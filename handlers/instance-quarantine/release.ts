import { AssociateIamInstanceProfileCommand, DeleteTagsCommand, ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { AwsClients } from './aws-clients';
import { InstanceFacts, PriorState, guardTagKeys } from './decision';
import { StepResult, runStep } from './step-results';

/** Release needs the state recorded at quarantine; without it nothing can be restored. */
export class NothingToReleaseError extends Error {
  constructor(instanceId: string) {
    super(`${instanceId}: no recorded prior state (guards:prior:* tags); restore it by hand from the quarantine report`);
    this.name = 'NothingToReleaseError';
  }
}

/** The steps of a release, for a dry run. */
export function plannedReleaseSteps(priorState: PriorState): StepResult[] {
  return [
    { step: 'restore-security-groups', status: 'planned', detail: Object.entries(priorState.groupsByInterface).map(([eni, groups]) => `${eni} -> ${groups.join(', ')}`).join('; ') },
    { step: 'restore-instance-profile', status: 'planned', detail: priorState.instanceProfileArn ?? 'none recorded' },
    { step: 'remove-quarantine-tags', status: 'planned', detail: 'remove the guards:* tags' },
  ];
}

/**
 * Restores what the quarantine recorded: each interface's security groups and the instance
 * profile. Termination protection, forensic snapshots and the deny on credentials issued before the
 * quarantine stay: the old credentials may have leaked.
 */
export async function release(clients: AwsClients, facts: InstanceFacts, priorState: PriorState): Promise<StepResult[]> {
  const { ec2 } = clients;
  const steps: StepResult[] = [];
  steps.push(
    await runStep('restore-security-groups', async () => {
      const restored: string[] = [];
      for (const [networkInterfaceId, groupIds] of Object.entries(priorState.groupsByInterface)) {
        if (groupIds.length === 0) continue;
        await ec2.send(new ModifyNetworkInterfaceAttributeCommand({ NetworkInterfaceId: networkInterfaceId, Groups: [...groupIds] }));
        restored.push(`${networkInterfaceId} -> ${groupIds.join(', ')}`);
      }
      return { status: 'done', detail: restored.join('; ') || 'no interface recorded' };
    }),
  );
  steps.push(
    await runStep('restore-instance-profile', async () => {
      if (!priorState.instanceProfileArn) return { status: 'skipped', detail: 'none was associated' };
      const current = facts.profileAssociations.find((association) => association.state === 'associated' || association.state === 'associating');
      if (current) return { status: 'skipped', detail: `${current.instanceProfileArn} is associated already` };
      await ec2.send(new AssociateIamInstanceProfileCommand({ InstanceId: facts.instanceId, IamInstanceProfile: { Arn: priorState.instanceProfileArn } }));
      return { status: 'done', detail: `associated ${priorState.instanceProfileArn}` };
    }),
  );
  // Last: if a step above failed, the tags still hold what a second release needs.
  const failed = steps.some((step) => step.status === 'failed');
  steps.push(
    await runStep('remove-quarantine-tags', async () => {
      if (failed) return { status: 'skipped', detail: 'kept for another release, since a step failed' };
      const keys = guardTagKeys(facts.tags);
      if (keys.length === 0) return { status: 'skipped', detail: 'no guard tags' };
      await ec2.send(new DeleteTagsCommand({ Resources: [facts.instanceId], Tags: keys.map((Key) => ({ Key })) }));
      return { status: 'done', detail: `removed ${keys.length} tags` };
    }),
  );
  return steps;
}
