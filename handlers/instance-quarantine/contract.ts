/**
 * What the instance-quarantine construct and its handler must agree on. Pure: modules/ imports it
 * (the only file of this folder it may import), so no AWS SDK, logger or other handler code here.
 */
import {
  EnvironmentValues,
  TextOf,
  alertTopicArnVariable,
  commaSeparatedList,
  flag,
  numberFrom,
  oneOf,
  optionalVariable,
  readEnvironment,
  serviceNameVariable,
  text,
  variable,
  writeEnvironment,
} from '../common/contract';

/**
 * Tag on the security groups the guard creates. The guard's role may change the rules of groups
 * carrying it and no others (modules/instance-quarantine/permissions.ts reads it from here).
 */
export const managedGroupTag = { Key: 'guards:managed-by', Value: 'instance-quarantine' } as const;
/**
 * The layout of the guard's state table, read by the construct (modules/instance-quarantine) and
 * the handlers alike: one partition key, and an expiry attribute that DynamoDB's TTL removes.
 */
export const stateTableKeys = {
  partitionKey: 'pk',
  /** Epoch seconds after which DynamoDB may delete the item (rate-limit counters only). */
  expiresAt: 'expiresAt',
} as const;

/**
 * The partition-key prefixes of the guard's items (handlers/instance-quarantine/state-record.ts
 * builds the keys; the release role's DynamoDB permissions are fenced on them).
 */
export const stateKeyPrefixes = {
  instance: 'instance#',
  role: 'role#',
  fleetRate: 'fleet-rate#',
  /** Every trigger's quarantines per account and clock hour (MAX_QUARANTINES_PER_HOUR). */
  quarantineRate: 'quarantine-rate#',
  /** A GuardDuty finding of an approval-required type, waiting for a person. */
  pendingQuarantine: 'quarantine-pending#',
} as const;

/**
 * The tag on every resource the guard creates and trusts: its security groups and its alarms. An
 * alarm without it is not the guard's and never quarantines (the tamper-protection SCP denies
 * writes of `guards:*` tags to everyone but the guard roles).
 */
export const guardResourceTag = managedGroupTag;

/**
 * Hub mode: the name of the Terraform-managed revocation deny policy in each member account (its
 * home-region spoke stack makes it). The hub functions build the member's policy ARN from it;
 * standalone functions get REVOCATION_POLICY_ARN, their own stack's policy.
 */
export const revocationPolicyNameVariable = 'REVOCATION_POLICY_NAME';

/**
 * A release needs an approval: an item a person named in `releaseApprovers` writes to the state
 * table, keyed `release-approval#<instanceId>` (hub mode: `release-approval#<account>/<region>/<instanceId>`).
 * The table's resource policy denies writes of keys with this prefix to every other principal (the
 * guard's own roles included), so invoking the release function is not enough to release.
 */
export const releaseApproval = {
  keyPrefix: 'release-approval#',
  /** Who approved (the approver's own ARN, as the README's put-item command writes it). */
  approvedByAttribute: 'approvedBy',
  /** When, as an ISO 8601 UTC time; older than the maximum age, or before the quarantine, it does not count. */
  approvedAtAttribute: 'approvedAt',
} as const;

/** The release function's approver ARNs (comma-separated; empty: none configured, every release is refused). */
export const releaseApproversVariable = 'RELEASE_APPROVERS';

/** What the function does with an instance of an Auto Scaling group before containing it. */
export const autoScalingActions = ['detach', 'standby'] as const;
export type AutoScalingAction = (typeof autoScalingActions)[number];

/**
 * Hub mode: the member directory's per-account list of the alarm flow's instances (from each
 * account's alarmInstances), in place of ALARMED_INSTANCES, which would outgrow the environment.
 */
export const alarmedInstancesDirectoryField = 'alarmedInstances';

/** The rule numbers a network ACL entry may have (EC2's limits; 32767 is the default rule). */
export const networkAclRuleNumberLimits = { min: 1, max: 32766 } as const;

/**
 * The variables both functions (quarantine and release) read. Standalone: the stack's revocation
 * policy by ARN; hub mode: its name in every member (plus the member-account variables of
 * handlers/common/member-account-names.ts).
 */
const sharedVariables = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
  dryRun: variable('DRY_RUN', flag),
  stateTableName: variable('STATE_TABLE_NAME', text),
  revocationPolicyArn: optionalVariable('REVOCATION_POLICY_ARN', text),
  revocationPolicyName: optionalVariable(revocationPolicyNameVariable, text),
};

/** The quarantine function's environment. */
export const quarantineEnvironment = {
  ...sharedVariables,
  exemptInstanceIds: variable('EXEMPT_INSTANCE_IDS', commaSeparatedList()),
  trustExemptTag: variable('TRUST_EXEMPT_TAG', flag),
  exemptTagKey: variable('EXEMPT_TAG_KEY', text),
  snapshotVolumes: variable('SNAPSHOT_VOLUMES', flag),
  autoScalingAction: variable('AUTO_SCALING_ACTION', oneOf(autoScalingActions, '"detach" or "standby"')),
  fleetThreshold: variable('FLEET_THRESHOLD', numberFrom(1)),
  fleetMaxQuarantinesPerHour: variable('FLEET_MAX_QUARANTINES_PER_HOUR', numberFrom(1)),
  guardDutyMinSeverity: variable('GUARDDUTY_MIN_SEVERITY', numberFrom(0, 10)),
  alarmNamePrefix: variable('ALARM_NAME_PREFIX', text),
  metricNamespace: variable('METRIC_NAMESPACE', text),
  isolationGroupName: variable('ISOLATION_GROUP_NAME', text),
  allowAllGroupName: variable('ALLOW_ALL_GROUP_NAME', text),
  /** Add network ACL deny entries for the instance's addresses (modules/instance-quarantine/settings.ts, networkAclDeny). */
  networkAclDeny: variable('NETWORK_ACL_DENY', flag),
  /** The rule numbers the guard may use in a subnet's network ACL: from..to, inclusive. */
  networkAclRuleFrom: variable('NETWORK_ACL_RULE_FROM', numberFrom(networkAclRuleNumberLimits.min, networkAclRuleNumberLimits.max)),
  networkAclRuleTo: variable('NETWORK_ACL_RULE_TO', numberFrom(networkAclRuleNumberLimits.min, networkAclRuleNumberLimits.max)),
  /*
   * The trigger gates (issue 19). Optional in the contract only so that a function spec that does
   * not write them yet still compiles; the handler requires each where it is used
   * (handlers/instance-quarantine/trigger-settings.ts), so a missing one fails the invocation.
   */
  /** Standalone: the alarm flow's instances (`i-...`, from alarmInstances). Hub mode: the member directory's lists instead. */
  alarmedInstances: optionalVariable('ALARMED_INSTANCES', commaSeparatedList()),
  /** New quarantines per account and clock hour, whatever the trigger (maxQuarantinesPerHour). */
  maxQuarantinesPerHour: optionalVariable('MAX_QUARANTINES_PER_HOUR', numberFrom(1)),
  /** GuardDuty finding types (exact, or a prefix ending in `*`) that quarantine at once. */
  guardDutyActOnTypes: optionalVariable('GUARDDUTY_ACT_ON_TYPES', commaSeparatedList()),
  /** Types that record a pending quarantine and alert with the command to approve it. */
  guardDutyApprovalTypes: optionalVariable('GUARDDUTY_APPROVAL_TYPES', commaSeparatedList()),
  /** Types that only alert. */
  guardDutyNotifyTypes: optionalVariable('GUARDDUTY_NOTIFY_TYPES', commaSeparatedList()),
  /** The release function, named in the alert's release command (absent: the command names its pattern). */
  releaseFunctionName: optionalVariable('RELEASE_FUNCTION_NAME', text),
} as const;
export type QuarantineEnvironment = EnvironmentValues<typeof quarantineEnvironment>;

/** The release function's environment: the shared variables and who may approve, for how long. */
export const releaseEnvironment = {
  ...sharedVariables,
  releaseApprovers: variable(releaseApproversVariable, commaSeparatedList()),
  /** How many minutes an approval stays valid. */
  releaseApprovalMaxAgeMinutes: variable('RELEASE_APPROVAL_MAX_AGE_MINUTES', numberFrom(1, 10080)),
} as const;
export type ReleaseEnvironment = EnvironmentValues<typeof releaseEnvironment>;

export function readQuarantineEnvironment(env: NodeJS.ProcessEnv = process.env): QuarantineEnvironment {
  return readEnvironment(quarantineEnvironment, env);
}
export function writeQuarantineEnvironment(values: QuarantineEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(quarantineEnvironment, values, textOf);
}
export function readReleaseEnvironment(env: NodeJS.ProcessEnv = process.env): ReleaseEnvironment {
  return readEnvironment(releaseEnvironment, env);
}
export function writeReleaseEnvironment(values: ReleaseEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(releaseEnvironment, values, textOf);
}
