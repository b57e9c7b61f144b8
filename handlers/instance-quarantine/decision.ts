/**
 * The decisions of the quarantine guard, as pure functions of what is known about an instance:
 * whether to act, what to record so a release can restore it, and which containment steps run.
 * No AWS SDK in here.
 */

export interface NetworkInterfaceFacts {
  readonly networkInterfaceId: string;
  readonly vpcId: string;
  readonly groupIds: readonly string[];
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
  readonly tags: Readonly<Record<string, string>>;
  readonly networkInterfaces: readonly NetworkInterfaceFacts[];
  readonly volumeIds: readonly string[];
  readonly profileAssociations: readonly ProfileAssociationFacts[];
}

/** What release restores. */
export interface PriorState {
  /** Security groups of each network interface, by interface id. */
  readonly groupsByInterface: Readonly<Record<string, readonly string[]>>;
  readonly instanceProfileArn?: string;
}

export const quarantineTags = {
  status: 'guards:quarantine',
  at: 'guards:quarantine:at',
  reason: 'guards:quarantine:reason',
  trigger: 'guards:quarantine:trigger',
  priorRecordedAt: 'guards:prior:recorded-at',
  priorProfile: 'guards:prior:instance-profile',
  /** Followed by the interface id and, when the list needs several tags, `#2`, `#3`, ... */
  priorGroupsPrefix: 'guards:prior:sgs:',
  snapshots: 'guards:forensic-snapshots',
} as const;

/** EC2 allows at most 256 characters in a tag value. */
const tagValueLimit = 256;

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** Splits a list into comma-joined values that each fit in one tag. */
function chunkedValues(items: readonly string[]): string[] {
  const values: string[] = [];
  let current = '';
  for (const item of items) {
    const next = current === '' ? item : `${current},${item}`;
    if (next.length > tagValueLimit) {
      values.push(current);
      current = item;
    } else {
      current = next;
    }
  }
  values.push(current);
  return values;
}

/** The tags that record an instance's prior state, so that a release can restore it. */
export function priorStateTags(state: PriorState, recordedAt: string): Tag[] {
  const tags: Tag[] = [{ Key: quarantineTags.priorRecordedAt, Value: recordedAt }];
  if (state.instanceProfileArn) tags.push({ Key: quarantineTags.priorProfile, Value: state.instanceProfileArn });
  for (const [interfaceId, groupIds] of Object.entries(state.groupsByInterface)) {
    chunkedValues(groupIds).forEach((value, index) => {
      tags.push({ Key: `${quarantineTags.priorGroupsPrefix}${interfaceId}${index === 0 ? '' : `#${index + 1}`}`, Value: value });
    });
  }
  return tags;
}

/** Reads the prior state back from the instance's tags; undefined when none was recorded. */
export function priorStateFromTags(tags: Readonly<Record<string, string>>): PriorState | undefined {
  if (tags[quarantineTags.priorRecordedAt] === undefined) return undefined;
  const groupsByInterface: Record<string, string[]> = {};
  const groupKeys = Object.keys(tags)
    .filter((key) => key.startsWith(quarantineTags.priorGroupsPrefix))
    .sort((a, b) => chunkIndex(a) - chunkIndex(b));
  for (const key of groupKeys) {
    const interfaceId = key.slice(quarantineTags.priorGroupsPrefix.length).replace(/#\d+$/, '');
    groupsByInterface[interfaceId] = [...(groupsByInterface[interfaceId] ?? []), ...tags[key].split(',').filter((id) => id !== '')];
  }
  const instanceProfileArn = tags[quarantineTags.priorProfile];
  return { groupsByInterface, ...(instanceProfileArn ? { instanceProfileArn } : {}) };
}

function chunkIndex(key: string): number {
  const match = key.match(/#(\d+)$/);
  return match ? Number(match[1]) : 1;
}

/** Every tag key the guard put on an instance, for a release to remove. */
export function guardTagKeys(tags: Readonly<Record<string, string>>): string[] {
  const own = new Set<string>(Object.values(quarantineTags));
  return Object.keys(tags).filter((key) => own.has(key) || key.startsWith(quarantineTags.priorGroupsPrefix));
}

export function priorStateOf(facts: InstanceFacts): PriorState {
  const active = facts.profileAssociations.find((association) => association.state === 'associated' || association.state === 'associating');
  return {
    groupsByInterface: Object.fromEntries(facts.networkInterfaces.map((eni) => [eni.networkInterfaceId, [...eni.groupIds]])),
    ...(active ? { instanceProfileArn: active.instanceProfileArn } : {}),
  };
}

export interface QuarantineSettings {
  readonly exemptTagKey: string;
  readonly snapshotVolumes: boolean;
}

export type QuarantineDecision =
  | { readonly action: 'skip'; readonly outcome: 'not-found' | 'terminated' | 'exempt'; readonly reason: string }
  | { readonly action: 'contain'; readonly plan: ContainmentPlan };

export interface ContainmentPlan {
  /** False on a re-run: the recorded state would now hold the isolation group. */
  readonly recordPriorState: boolean;
  /** The state before this quarantine: recorded now or by an earlier run. */
  readonly priorState: PriorState;
  readonly associationIdsToDetach: readonly string[];
  readonly instanceProfileArn?: string;
  readonly interfaces: readonly NetworkInterfaceFacts[];
  /** Empty when snapshots are off or an earlier run took them. */
  readonly volumeIdsToSnapshot: readonly string[];
}

const goneStates = new Set(['terminated', 'shutting-down']);

/** Whether and how to contain the instance. */
export function decideQuarantine(facts: InstanceFacts | undefined, instanceId: string, settings: QuarantineSettings): QuarantineDecision {
  if (!facts) return { action: 'skip', outcome: 'not-found', reason: `instance ${instanceId} does not exist in this account and region` };
  if (goneStates.has(facts.state)) return { action: 'skip', outcome: 'terminated', reason: `instance ${instanceId} is ${facts.state}` };
  const exemptValue = facts.tags[settings.exemptTagKey];
  if (exemptValue !== undefined && exemptValue.toLowerCase() !== 'false') {
    return { action: 'skip', outcome: 'exempt', reason: `instance ${instanceId} carries the exemption tag ${settings.exemptTagKey}=${exemptValue}` };
  }
  const recorded = priorStateFromTags(facts.tags);
  const priorState = recorded ?? priorStateOf(facts);
  const detach = facts.profileAssociations.filter((association) => association.state === 'associated' || association.state === 'associating');
  return {
    action: 'contain',
    plan: {
      recordPriorState: recorded === undefined,
      priorState,
      associationIdsToDetach: detach.map((association) => association.associationId),
      ...(priorState.instanceProfileArn ? { instanceProfileArn: priorState.instanceProfileArn } : {}),
      interfaces: facts.networkInterfaces,
      volumeIdsToSnapshot: settings.snapshotVolumes && facts.tags[quarantineTags.snapshots] === undefined ? facts.volumeIds : [],
    },
  };
}

/**
 * The inline policy that revokes credentials the instance was issued before `issuedBefore`: a
 * deny of everything, for sessions from this instance only, so that other instances sharing the
 * role keep working and the instance's future credentials (after a release) are not affected.
 */
export function revocationPolicy(instanceArn: string, issuedBefore: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'RevokeQuarantinedInstanceSessions',
        Effect: 'Deny',
        Action: '*',
        Resource: '*',
        Condition: {
          StringEquals: { 'ec2:SourceInstanceARN': instanceArn },
          DateLessThan: { 'aws:TokenIssueTime': issuedBefore },
        },
      },
    ],
  });
}

export function revocationPolicyName(instanceId: string): string {
  return `guards-quarantine-${instanceId}`;
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
