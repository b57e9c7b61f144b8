/**
 * The decisions of the quarantine guard, as pure functions of what is known about an instance:
 * whether to act, what to record so a release can restore it, and which containment steps run.
 * No AWS SDK in here.
 */

export interface NetworkInterfaceFacts {
  readonly networkInterfaceId: string;
  readonly vpcId: string;
  readonly groupIds: readonly string[];
  /** Its private IPv4 addresses: IP-type target groups name the instance by these. */
  readonly privateIpAddresses?: readonly string[];
  /** Its subnet: the network ACL deny goes into that subnet's ACL. */
  readonly subnetId?: string;
  /** Its IPv6 addresses, denied as /128 in the network ACL. */
  readonly ipv6Addresses?: readonly string[];
}

export interface ProfileAssociationFacts {
  readonly associationId: string;
  readonly instanceProfileArn: string;
  readonly state: string;
}

export interface InstanceFacts {
  readonly instanceId: string;
  /** running, stopped, terminated, ... */
  readonly state: string;
  readonly accountId: string;
  /** 'spot' for Spot instances; AWS refuses termination protection on them. */
  readonly lifecycle?: string;
  /** Shown in reports only: tags are written by anyone with ec2:CreateTags, so no decision reads them but a trusted exemption. */
  readonly tags: Readonly<Record<string, string>>;
  readonly networkInterfaces: readonly NetworkInterfaceFacts[];
  readonly volumeIds: readonly string[];
  readonly profileAssociations: readonly ProfileAssociationFacts[];
}

/**
 * What the guard recorded about an instance when it quarantined it, kept in the state table that
 * only the guard's roles may write: what a release restores, and what a re-run must not redo.
 */
export interface QuarantineRecord {
  readonly instanceId: string;
  readonly startedAt: string;
  readonly trigger: string;
  readonly reason: string;
  /** Security groups of each network interface before the quarantine, by interface id. */
  readonly groupsByInterface: Readonly<Record<string, readonly string[]>>;
  /** The profile that was associated, read from EC2 (never from tags). */
  readonly instanceProfileArn?: string;
  /** Roles the revocation policy was attached to for this instance. */
  readonly revokedRoleNames: readonly string[];
  /** Forensic snapshots already taken. */
  readonly snapshotIds?: readonly string[];
  /** Network ACL deny entries the guard created (networkAclDeny): a release deletes exactly these. */
  readonly networkAclEntries?: readonly NetworkAclEntryRecord[];
}

/** One network ACL entry the guard created: where, which number and direction, for which address. */
export interface NetworkAclEntryRecord {
  readonly networkAclId: string;
  readonly ruleNumber: number;
  readonly egress: boolean;
  /** `a.b.c.d/32` or `x:y::z/128`. */
  readonly cidr: string;
}

/** What a report shows of the state before the quarantine. */
export interface PriorState {
  readonly groupsByInterface: Readonly<Record<string, readonly string[]>>;
  readonly instanceProfileArn?: string;
}

/**
 * Tags the guard writes on a quarantined instance, for people and for search. Nothing reads them
 * back to decide anything: the state table holds what matters.
 */
export const quarantineTags = {
  status: 'guards:quarantine',
  at: 'guards:quarantine:at',
  reason: 'guards:quarantine:reason',
  trigger: 'guards:quarantine:trigger',
  snapshots: 'guards:forensic-snapshots',
} as const;

/** EC2 allows at most 256 characters in a tag value. */
const tagValueLimit = 256;

/** Every tag key the guard put on an instance, for a release to remove. */
export function guardTagKeys(tags: Readonly<Record<string, string>>): string[] {
  const own = new Set<string>(Object.values(quarantineTags));
  return Object.keys(tags).filter((key) => own.has(key));
}

const attachedStates = new Set(['associated', 'associating']);

export function activeAssociations(facts: InstanceFacts): ProfileAssociationFacts[] {
  return facts.profileAssociations.filter((association) => attachedStates.has(association.state));
}

/** The record a first quarantine writes, from what EC2 says now. */
export function newRecord(facts: InstanceFacts, startedAt: string, trigger: string, reason: string): QuarantineRecord {
  const active = activeAssociations(facts)[0];
  return {
    instanceId: facts.instanceId,
    startedAt,
    trigger,
    reason,
    groupsByInterface: Object.fromEntries(facts.networkInterfaces.map((eni) => [eni.networkInterfaceId, [...eni.groupIds]])),
    ...(active ? { instanceProfileArn: active.instanceProfileArn } : {}),
    revokedRoleNames: [],
  };
}

export function priorStateOf(record: QuarantineRecord): PriorState {
  return { groupsByInterface: record.groupsByInterface, ...(record.instanceProfileArn ? { instanceProfileArn: record.instanceProfileArn } : {}) };
}

export interface QuarantineSettings {
  /** Exempt by id: set in the guards config, which the watched account cannot change. */
  readonly exemptInstanceIds: readonly string[];
  /** Honour the exemption tag only where the config says tag writes are protected. */
  readonly trustExemptTag: boolean;
  readonly exemptTagKey: string;
  /** From the config only; no tag turns forensics off. */
  readonly snapshotVolumes: boolean;
}

export type QuarantineDecision =
  | { readonly action: 'skip'; readonly outcome: 'not-found' | 'terminated' | 'exempt'; readonly reason: string }
  | { readonly action: 'contain'; readonly plan: ContainmentPlan };

export interface ContainmentPlan {
  /** False on a re-run: the table already holds the state before the first run. */
  readonly recordPriorState: boolean;
  readonly record: QuarantineRecord;
  readonly associationIdsToDetach: readonly string[];
  /** The profile whose role loses its instance-delivered sessions: associated now, else recorded. */
  readonly instanceProfileArn?: string;
  readonly interfaces: readonly NetworkInterfaceFacts[];
  /** Spot instances refuse termination protection: said in the report, not retried. */
  readonly spot: boolean;
  /** Empty when snapshots are off or an earlier run took them. */
  readonly snapshotVolumes: boolean;
}

const goneStates = new Set(['terminated', 'shutting-down']);

/** Whether and how to contain the instance; `recorded` is the state table's record, if any. */
export function decideQuarantine(
  facts: InstanceFacts | undefined,
  instanceId: string,
  settings: QuarantineSettings,
  recorded: QuarantineRecord | undefined,
  started: { at: string; trigger: string; reason: string },
): QuarantineDecision {
  if (!facts) return { action: 'skip', outcome: 'not-found', reason: `instance ${instanceId} does not exist in this account and region` };
  if (goneStates.has(facts.state)) return { action: 'skip', outcome: 'terminated', reason: `instance ${instanceId} is ${facts.state}` };
  if (settings.exemptInstanceIds.includes(instanceId)) {
    return { action: 'skip', outcome: 'exempt', reason: `instance ${instanceId} is exempt in the guards config (exemptInstanceIds)` };
  }
  const exemptValue = facts.tags[settings.exemptTagKey];
  if (settings.trustExemptTag && exemptValue !== undefined && exemptValue.toLowerCase() !== 'false') {
    return {
      action: 'skip',
      outcome: 'exempt',
      reason: `instance ${instanceId} carries the exemption tag ${settings.exemptTagKey}=${exemptValue} (trusted by the config)`,
    };
  }
  const record = recorded ?? newRecord(facts, started.at, started.trigger, started.reason);
  const active = activeAssociations(facts);
  const instanceProfileArn = active[0]?.instanceProfileArn ?? record.instanceProfileArn;
  return {
    action: 'contain',
    plan: {
      recordPriorState: recorded === undefined,
      record,
      associationIdsToDetach: active.map((association) => association.associationId),
      ...(instanceProfileArn ? { instanceProfileArn } : {}),
      interfaces: facts.networkInterfaces,
      spot: facts.lifecycle === 'spot',
      snapshotVolumes: settings.snapshotVolumes && record.snapshotIds === undefined && facts.volumeIds.length > 0,
    },
  };
}

/** Instance profile name from its ARN (`arn:aws:iam::1:instance-profile/path/name`). */
export function instanceProfileName(instanceProfileArn: string): string {
  const resource = instanceProfileArn.split(':instance-profile/')[1] ?? '';
  const name = resource.split('/').pop() ?? '';
  if (name === '') throw new Error(`${instanceProfileArn} is not an instance profile ARN`);
  return name;
}

/** Tag values are limited to 256 characters. */
export function tagValue(text: string): string {
  return text.length <= tagValueLimit ? text : `${text.slice(0, tagValueLimit - 3)}...`;
}
