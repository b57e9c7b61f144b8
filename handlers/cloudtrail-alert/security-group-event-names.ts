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
