import { AlertContent, capitalize, consoleUrl } from '../common/alert-format';
import { CloudTrailRecord, inAccount, textAt } from '../common/cloudtrail-record';
import { DescribeContext, callFacts, callFailed, eventLinks } from './api-call-facts';
import { describeCaller } from '../common/caller-identity';
import { SecurityGroupEventName } from './contract';
import { grantsAnywhere, modifiedRules, modifiesToAnywhere, permissionChanges } from './security-group-rules';

/** The group a call is about: each call keeps its id in a different field. */
export interface SecurityGroupReference {
  readonly id: string | undefined;
  readonly name: string | undefined;
  readonly vpcId: string | undefined;
}

export function securityGroupOf(record: CloudTrailRecord): SecurityGroupReference {
  const parameters = record.requestParameters;
  return {
    id:
      textAt(parameters, 'groupId') ??
      textAt(parameters, 'ModifySecurityGroupRulesRequest', 'GroupId') ??
      // CreateSecurityGroup: the new group's id exists only in the response.
      textAt(record.responseElements, 'groupId'),
    name: textAt(parameters, 'groupName'),
    vpcId: textAt(parameters, 'vpcId'),
  };
}

/** What each call does to a group: as "did" and "tried to" for the body, and in two words for the subject. */
const verbs: Readonly<Record<SecurityGroupEventName, { readonly done: string; readonly attempted: string; readonly short: string }>> = {
  AuthorizeSecurityGroupIngress: { done: 'added inbound rules to', attempted: 'add inbound rules to', short: 'authorize ingress' },
  AuthorizeSecurityGroupEgress: { done: 'added outbound rules to', attempted: 'add outbound rules to', short: 'authorize egress' },
  RevokeSecurityGroupIngress: { done: 'removed inbound rules from', attempted: 'remove inbound rules from', short: 'revoke ingress' },
  RevokeSecurityGroupEgress: { done: 'removed outbound rules from', attempted: 'remove outbound rules from', short: 'revoke egress' },
  ModifySecurityGroupRules: { done: 'changed rules of', attempted: 'change rules of', short: 'modify rules' },
  CreateSecurityGroup: { done: 'created', attempted: 'create', short: 'create' },
  DeleteSecurityGroup: { done: 'deleted', attempted: 'delete', short: 'delete' },
};

function requestedChanges(record: CloudTrailRecord, eventName: SecurityGroupEventName, group: SecurityGroupReference): string[] {
  switch (eventName) {
    case 'AuthorizeSecurityGroupIngress':
      return permissionChanges(record, 'allow', 'inbound');
    case 'AuthorizeSecurityGroupEgress':
      return permissionChanges(record, 'allow', 'outbound');
    case 'RevokeSecurityGroupIngress':
      return permissionChanges(record, 'remove', 'inbound');
    case 'RevokeSecurityGroupEgress':
      return permissionChanges(record, 'remove', 'outbound');
    case 'ModifySecurityGroupRules':
      return modifiedRules(record);
    case 'CreateSecurityGroup': {
      const description = textAt(record.requestParameters, 'groupDescription');
      return [`create group ${group.name ?? '(no name)'} in ${group.vpcId ?? 'the default VPC'}${description ? ` "${description}"` : ''}`];
    }
    case 'DeleteSecurityGroup':
      return [`delete group ${group.id ?? group.name ?? '(not named)'}`];
  }
}

function groupText(group: SecurityGroupReference): string {
  const named = group.id && group.name ? `${group.id} (${group.name})` : (group.id ?? group.name ?? 'unknown');
  return group.vpcId ? `${named} in ${group.vpcId}` : named;
}

/** Who changed which group, and how: the alert of one security-group call. */
export function describeSecurityGroupChange(record: CloudTrailRecord, eventName: SecurityGroupEventName, context: DescribeContext): AlertContent {
  const caller = describeCaller(record.userIdentity);
  const group = securityGroupOf(record);
  const failed = callFailed(record);
  const verb = verbs[eventName];
  const groupWords = `security group ${group.id ?? group.name ?? '(not named)'}`;
  const summary = failed
    ? `${caller.description} tried to ${verb.attempted} ${groupWords}, and the call failed (${record.errorCode}): nothing changed.`
    : `${caller.description} ${verb.done} ${groupWords}.`;
  const openedToAnywhere =
    !failed &&
    ((eventName === 'AuthorizeSecurityGroupIngress' && grantsAnywhere(record)) || (eventName === 'ModifySecurityGroupRules' && modifiesToAnywhere(record)));
  const region = record.awsRegion;
  const groupUrl =
    group.id && region && eventName !== 'DeleteSecurityGroup'
      ? consoleUrl(context.partition, region, `ec2/home?region=${encodeURIComponent(region)}#SecurityGroup:groupId=${encodeURIComponent(group.id)}`)
      : undefined;
  return {
    markers: [...(failed ? ['FAILED'] : []), ...(openedToAnywhere ? ['OPEN TO INTERNET'] : [])],
    // Most telling first: a subject too long for SNS loses its end, the caller (the body has it).
    title: `SG ${group.id ?? group.name ?? '(not named)'} ${verb.short}${inAccount(record)}${region ? ` ${region}` : ''} by ${caller.shortName}`,
    summary: capitalize(summary),
    facts: [
      { label: 'Security group', value: groupText(group) },
      { label: failed ? 'Requested change (not made)' : 'Requested change', value: requestedChanges(record, eventName, group) },
      ...callFacts(record, caller),
    ],
    links: eventLinks(record, context, [{ label: 'Security group', url: groupUrl }]),
    eventId: record.eventId,
    guardName: context.guardName,
  };
}
