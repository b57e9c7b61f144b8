/**
 * What the cloudtrail-alert handler and the constructs that run it (sg-change-alert) must agree on.
 * Pure: modules/ imports it (the only file of this folder it may import), so no AWS SDK or logger here.
 */
import { EnvironmentValues, TextOf, alertTopicArnVariable, readEnvironment, serviceNameVariable, writeEnvironment } from '../common/contract';

/**
 * The function's environment. The service name tells iam-change-alert from sg-change-alert (one
 * handler, two guards). Hub mode adds the account names (handlers/common/member-account-names.ts).
 */
export const apiCallAlertEnvironment = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
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
