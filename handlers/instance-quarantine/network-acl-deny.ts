import { CreateNetworkAclEntryCommand, DescribeNetworkAclsCommand, EC2Client, NetworkAclEntry } from '@aws-sdk/client-ec2';
import { describeAwsError } from '../common/aws-errors';
import { NetworkAclEntryRecord, NetworkInterfaceFacts, QuarantineRecord } from './decision';

/** The rule numbers the guard may use in a subnet's network ACL, inclusive (config: networkAclRuleNumbers). */
export interface RuleNumberRange {
  readonly from: number;
  readonly to: number;
}

/** Protocol -1: every protocol and port. */
const allProtocols = '-1';

/** The CIDR of each address of the interfaces, by subnet: /32 for IPv4, /128 for IPv6. */
export function addressesBySubnet(interfaces: readonly NetworkInterfaceFacts[]): Map<string, string[]> {
  const bySubnet = new Map<string, string[]>();
  for (const eni of interfaces) {
    if (!eni.subnetId) continue;
    const cidrs = [...(eni.privateIpAddresses ?? []).map((ip) => `${ip}/32`), ...(eni.ipv6Addresses ?? []).map((ip) => `${ip}/128`)];
    bySubnet.set(eni.subnetId, [...(bySubnet.get(eni.subnetId) ?? []), ...cidrs]);
  }
  return bySubnet;
}

const cidrOf = (entry: NetworkAclEntry) => entry.CidrBlock ?? entry.Ipv6CidrBlock ?? '';

/**
 * Adds an inbound and an outbound DENY (all protocols) for each address of the instance to the
 * network ACL of each of its subnets, in the first rule numbers of `range` that the ACL does not
 * use yet: CreateNetworkAclEntry never replaces an entry, and neither does the guard. Each created
 * entry is saved to the record at once, so that a release deletes exactly those. An entry the record
 * already holds and the ACL still has is not added twice. A full range, or a failed call, fails
 * the step (after the other addresses are denied): never an overwrite, never silent.
 */
export async function denyInNetworkAcls(
  ec2: EC2Client,
  interfaces: readonly NetworkInterfaceFacts[],
  range: RuleNumberRange,
  initial: QuarantineRecord,
  save: (record: QuarantineRecord) => Promise<void>,
): Promise<{ outcome: { status: 'done' | 'skipped'; detail: string }; record: QuarantineRecord }> {
  let record = initial;
  const bySubnet = addressesBySubnet(interfaces);
  if (bySubnet.size === 0) return { outcome: { status: 'skipped', detail: 'no interface in a subnet' }, record };
  const created: string[] = [];
  const present: string[] = [];
  const failures: string[] = [];
  for (const [subnetId, cidrs] of bySubnet) {
    let acl;
    try {
      const response = await ec2.send(new DescribeNetworkAclsCommand({ Filters: [{ Name: 'association.subnet-id', Values: [subnetId] }] }));
      acl = (response.NetworkAcls ?? []).find((candidate) => (candidate.Associations ?? []).some((association) => association.SubnetId === subnetId));
    } catch (error) {
      failures.push(`${subnetId}: network ACL not read (${describeAwsError(error)})`);
      continue;
    }
    if (!acl?.NetworkAclId) {
      failures.push(`${subnetId}: no network ACL associated`);
      continue;
    }
    const networkAclId = acl.NetworkAclId;
    const entries = acl.Entries ?? [];
    for (const egress of [false, true]) {
      const direction = egress ? 'outbound' : 'inbound';
      // Inbound and outbound rules number independently.
      const used = new Set(entries.filter((entry) => entry.Egress === egress).map((entry) => entry.RuleNumber));
      for (const cidr of cidrs) {
        const recorded = (record.networkAclEntries ?? []).find(
          (entry) => entry.networkAclId === networkAclId && entry.egress === egress && entry.cidr === cidr,
        );
        const stillThere = recorded && entries.some((entry) => entry.Egress === egress && entry.RuleNumber === recorded.ruleNumber && cidrOf(entry) === cidr);
        if (stillThere) {
          present.push(`${networkAclId} ${direction} #${recorded.ruleNumber} ${cidr}`);
          continue;
        }
        let ruleNumber: number | undefined;
        for (let candidate = range.from; candidate <= range.to; candidate++) {
          if (!used.has(candidate)) {
            ruleNumber = candidate;
            break;
          }
        }
        if (ruleNumber === undefined) {
          failures.push(
            `${networkAclId} (${subnetId}): ${direction} rule numbers ${range.from}-${range.to} all in use; ${cidr} NOT denied (no entry is ever replaced: free a number in networkAclRuleNumbers)`,
          );
          continue;
        }
        used.add(ruleNumber);
        try {
          await ec2.send(
            new CreateNetworkAclEntryCommand({
              NetworkAclId: networkAclId,
              RuleNumber: ruleNumber,
              Egress: egress,
              Protocol: allProtocols,
              RuleAction: 'deny',
              ...(cidr.endsWith('/128') ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
            }),
          );
        } catch (error) {
          failures.push(`${networkAclId} (${subnetId}): ${direction} deny of ${cidr} as #${ruleNumber} failed (${describeAwsError(error)})`);
          continue;
        }
        const entry: NetworkAclEntryRecord = { networkAclId, ruleNumber, egress, cidr };
        record = { ...record, networkAclEntries: [...(record.networkAclEntries ?? []).filter((old) => old !== recorded), entry] };
        await save(record);
        created.push(`${networkAclId} ${direction} #${ruleNumber} ${cidr}`);
      }
    }
  }
  const done = [...(created.length > 0 ? [`denied ${created.join(', ')}`] : []), ...(present.length > 0 ? [`already denied ${present.join(', ')}`] : [])];
  if (failures.length > 0) throw new Error([...failures, ...done].join('; '));
  return { outcome: { status: created.length > 0 ? 'done' : 'skipped', detail: done.join('; ') }, record };
}
