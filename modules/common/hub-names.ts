import { AwsEnvironment, accountGlobalName, arnFor } from './aws-environment';
import type { HubConfigView } from './hub-config-view';
import { alertTopicName, priorityTopicName } from './alert-topic';

/**
 * The names that tie hub and spoke stacks together, in one place: a spoke's rule targets the hub
 * bus by name, the hub bus trusts the spokes' forwarder role by name, a spoke's remediation role
 * trusts the hub function's role by ARN, and the hub function assumes the remediation role by name.
 * A guard's own hub names (its state table, its member deny policy) live in its `hub.ts`.
 */

/** `hub-<region>`: the hub stack of one region. */
export function hubStackName(region: string): string {
  return `hub-${region}`;
}

/** The hub account's entry of the config; throws when hub mode is off or the name is unknown. */
export function hubAccountOf<Config extends HubConfigView>(config: Config): Config['accounts'][number] {
  const account = config.accounts.find((candidate) => candidate.name === config.hub?.account);
  if (!account) throw new Error(`hub.account: ${String(config.hub?.account)} is not an account of the config`);
  return account;
}

/**
 * The member directory's bucket of a hub region (modules/stacks/hub-member-directory.ts): S3 bucket
 * names are global, so the hub account and region make it the hub's own; the prefix is what the hub
 * SCP and tamper rules name.
 */
export function hubMemberDirectoryBucketPrefix(namePrefix: string): string {
  return `${namePrefix}-hub-directory-`;
}

export function hubMemberDirectoryBucketName(namePrefix: string, accountId: string, region: string): string {
  return `${hubMemberDirectoryBucketPrefix(namePrefix)}${accountId}-${region}`;
}

/** S3 allows bucket names of at most 63 characters. */
export const s3BucketNameMaxLength = 63;

/** The event bus in each hub region that receives the members' forwarded events. */
export function hubBusName(namePrefix: string): string {
  return `${namePrefix}-hub`;
}

export function hubBusArn(config: HubConfigView, region: string): string {
  return arnFor({ accountId: hubAccountOf(config).id, region }, 'events', `event-bus/${hubBusName(config.name)}`);
}

/** The hub's guard function of one guard: `<prefix>-<guard>` in every hub region. */
export function hubFunctionName(namePrefix: string, guardName: string): string {
  return `${namePrefix}-${guardName}`;
}

/** The role of a hub guard function: IAM names are account-wide, so each region's role names its region. */
export function hubFunctionRoleName(config: HubConfigView, guardName: string, region: string): string {
  return accountGlobalName({ accountId: hubAccountOf(config).id, region }, hubFunctionName(config.name, guardName));
}

export function hubFunctionRoleArn(config: HubConfigView, guardName: string, region: string): string {
  const hub: AwsEnvironment = { accountId: hubAccountOf(config).id, region };
  return arnFor(hub, 'iam', `role/${hubFunctionRoleName(config, guardName, region)}`, { global: true });
}

/** The role a member's forwarding rules deliver to the hub bus with (one per account, made in its home region). */
export function forwarderRoleName(config: HubConfigView): string {
  return accountGlobalName({ accountId: '', region: config.homeRegion }, `${config.name}-hub-forwarder`);
}

/**
 * The role a hub function of one guard assumes in a member account (one per account, made in its
 * home region). `release-remediation`: the quarantine's release function has a role of its own.
 */
export function remediationRoleName(config: HubConfigView, guardName: string, kind: RemediationRoleKind = 'remediation'): string {
  return accountGlobalName({ accountId: '', region: config.homeRegion }, `${config.name}-${guardName}-${kind}`);
}

/** `remediation` for a guard's acting function; `release-remediation` for a guard's separate release function. */
export type RemediationRoleKind = 'remediation' | 'release-remediation';

/** The one alert topic of the organization, in the hub's home region. */
export function hubAlertTopicArn(config: HubConfigView): string {
  return arnFor({ accountId: hubAccountOf(config).id, region: config.homeRegion }, 'sns', alertTopicName(config.name));
}

/** The organization's priority topic (a chat channel with `priority: true`), beside the alert topic. */
export function hubPriorityTopicArn(config: HubConfigView): string {
  return arnFor({ accountId: hubAccountOf(config).id, region: config.homeRegion }, 'sns', priorityTopicName(config.name));
}

/** The rule of a member region that forwards the guards' events to the hub. */
export function forwardingRuleName(namePrefix: string): string {
  return `${namePrefix}-forward-to-hub`;
}

/**
 * The rule of each member region that forwards tampering with the guards' resources to the hub: a
 * rule of its own, as the forwarding rule is near EventBridge's 2,048 characters. Each of the two
 * rules watches the other (a rule cannot report its own deletion).
 */
export function tamperForwardingRuleName(namePrefix: string): string {
  return `${namePrefix}-tamper-to-hub`;
}

/**
 * The scheduled rule of each member region whose Scheduled Event, delivered to the hub bus of the
 * region, is that region's heartbeat (the hub records it by the event's `account` and `region`).
 */
export function memberHeartbeatRuleName(namePrefix: string): string {
  return `${namePrefix}-heartbeat`;
}

/** The hub's scheduled rule of each hub region that asks its heartbeat function which member regions went silent. */
export function hubHeartbeatCheckRuleName(namePrefix: string): string {
  return `${namePrefix}-hub-heartbeat-check`;
}

/** The table of each hub region holding the last beat of every member of the region. */
export function hubHeartbeatTableName(namePrefix: string): string {
  return `${namePrefix}-heartbeats`;
}

/** The table of each hub region counting the failed calls of each member account's callers (one digest per flood). */
export function hubFailedCallTableName(namePrefix: string): string {
  return `${namePrefix}-failed-calls`;
}
