/**
 * What the cloudtrail-alert handler and the constructs that run it (sg-change-alert) must agree on.
 * Pure: modules/ imports it (the only file of this folder it may import), so no AWS SDK or logger here.
 */
import {
  EnvironmentValues,
  TextOf,
  alertTopicArnVariable,
  optionalVariable,
  readEnvironment,
  serviceNameVariable,
  text,
  writeEnvironment,
} from '../common/contract';

/**
 * The function's environment. The service name tells iam-change-alert from sg-change-alert (one
 * handler, two guards). Hub mode adds the account names (handlers/common/member-account-names.ts)
 * and the region's failed-call table, which folds a flood of failed calls into one digest per
 * caller and window (failed-call-digest.ts); without it every failed call alerts on its own.
 */
export const apiCallAlertEnvironment = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
  failedCallTableName: optionalVariable('FAILED_CALL_TABLE_NAME', text),
} as const;
export type ApiCallAlertEnvironment = EnvironmentValues<typeof apiCallAlertEnvironment>;

export function readApiCallAlertEnvironment(env: NodeJS.ProcessEnv = process.env): ApiCallAlertEnvironment {
  return readEnvironment(apiCallAlertEnvironment, env);
}
export function writeApiCallAlertEnvironment(values: ApiCallAlertEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(apiCallAlertEnvironment, values, textOf);
}

/**
 * The EC2 calls that change a security group or its rules. Shared by the sg-change-alert construct
 * (its EventBridge rule) and the handler (which describes each), so the two cannot drift apart.
 */
export const securityGroupEventNames = [
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
] as const;

export type SecurityGroupEventName = (typeof securityGroupEventNames)[number];

export function isSecurityGroupEventName(name: string): name is SecurityGroupEventName {
  return (securityGroupEventNames as readonly string[]).includes(name);
}

/**
 * Hub mode: the service name of the hub's tamper-alert function, which runs this handler on the
 * calls that change the guards' own resources in a member. Its alerts open with a tampering marker.
 */
export const tamperAlertServiceName = 'hub-tamper-alert';

/**
 * The failed-call table (hub mode, one per hub region): one item per account and caller,
 * `failed#<account>#<caller ARN>`, holding the caller's current window (its start), the failed
 * calls counted in it after the first (which alerted at once), their event names and times.
 */
export const failedCallTableKeys = {
  partitionKey: 'pk',
  expiresAt: 'expiresAt',
  callerPrefix: 'failed#',
} as const;

/** The length of a caller's window: its first failed call alerts at once, the rest of it come as one digest. */
export const failedCallWindowMinutes = 15;

/** How long a caller's item outlives its last failed call: a digest not sent by then (no later failed call) is dropped with it. */
export const failedCallRetentionDays = 30;
