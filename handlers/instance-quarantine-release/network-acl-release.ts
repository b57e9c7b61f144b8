import { DeleteNetworkAclEntryCommand, DescribeNetworkAclsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { describeAwsError, isAwsErrorCode } from '../common/aws-errors';
import { NetworkAclEntryRecord } from '../instance-quarantine/decision';

/**
 * Deletes the network ACL entries the quarantine recorded, and nothing else: each by its ACL, rule
 * number and direction, and only while that number still holds the recorded deny of the recorded
 * address (a number someone reused since is not the guard's to delete). An entry or ACL already
 * gone counts as done.
 */
export async function removeNetworkAclDenies(
  ec2: EC2Client,
  entries: readonly NetworkAclEntryRecord[],
): Promise<{ status: 'done' | 'skipped'; detail: string }> {
  if (entries.length === 0) return { status: 'skipped', detail: 'no network ACL entry was added' };
  const deleted: string[] = [];
  const gone: string[] = [];
  const refused: string[] = [];
  for (const networkAclId of new Set(entries.map((entry) => entry.networkAclId))) {
    let current;
    try {
      current = (await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: [networkAclId] }))).NetworkAcls?.[0]?.Entries ?? [];
    } catch (error) {
      if (!isAwsErrorCode(error, 'InvalidNetworkAclID.NotFound')) throw error;
      gone.push(`${networkAclId} (the ACL is gone)`);
      continue;
    }
    for (const recorded of entries.filter((entry) => entry.networkAclId === networkAclId)) {
      const label = `${networkAclId} ${recorded.egress ? 'outbound' : 'inbound'} #${recorded.ruleNumber} ${recorded.cidr}`;
      const entry = current.find((candidate) => candidate.Egress === recorded.egress && candidate.RuleNumber === recorded.ruleNumber);
      if (!entry) {
        gone.push(label);
        continue;
      }
      if ((entry.CidrBlock ?? entry.Ipv6CidrBlock) !== recorded.cidr || entry.RuleAction !== 'deny') {
        refused.push(
          `${label}: the number now holds ${entry.RuleAction ?? '?'} ${entry.CidrBlock ?? entry.Ipv6CidrBlock ?? '?'}, not the guard's deny; not deleted`,
        );
        continue;
      }
      try {
        await ec2.send(new DeleteNetworkAclEntryCommand({ NetworkAclId: networkAclId, RuleNumber: recorded.ruleNumber, Egress: recorded.egress }));
        deleted.push(label);
      } catch (error) {
        // Deleted in the meantime (a person, an earlier release): the goal is reached.
        if (isAwsErrorCode(error, 'InvalidNetworkAclEntry.NotFound', 'InvalidNetworkAclID.NotFound')) gone.push(label);
        else refused.push(`${label}: ${describeAwsError(error)}`);
      }
    }
  }
  const done = [...(deleted.length > 0 ? [`deleted ${deleted.join(', ')}`] : []), ...(gone.length > 0 ? [`already gone: ${gone.join(', ')}`] : [])];
  if (refused.length > 0) throw new Error([...refused, ...done].join('; '));
  return { status: 'done', detail: done.join('; ') };
}
