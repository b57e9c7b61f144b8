import { AlertContent, capitalize } from '../common/alert-format';
import { CloudTrailRecord, compactJson, inAccount } from '../common/cloudtrail-record';
import { DescribeContext, callFacts, callFailed, eventLinks } from './api-call-facts';
import { describeCaller } from '../common/caller-identity';
import { describeIamChange } from './iam-change';
import { describeSecurityGroupChange } from './security-group-change';
import { isSecurityGroupEventName } from './contract';

/**
 * The alert of one CloudTrail API call: IAM calls say who changed which identity, security-group
 * calls which group and how; any other call (a rule widened by hand) still gets who called what.
 * Pure: the decision layer of the cloudtrail-alert function.
 */
export function describeApiCall(record: CloudTrailRecord, context: DescribeContext): AlertContent {
  if (record.eventSource === 'iam.amazonaws.com') return describeIamChange(record, context);
  if (record.eventSource === 'ec2.amazonaws.com' && isSecurityGroupEventName(record.eventName)) {
    return describeSecurityGroupChange(record, record.eventName, context);
  }
  return describeOtherCall(record, context);
}

function describeOtherCall(record: CloudTrailRecord, context: DescribeContext): AlertContent {
  const caller = describeCaller(record.userIdentity);
  const failed = callFailed(record);
  const summary = failed
    ? `${caller.description} called ${record.eventName}, and the call failed (${record.errorCode}).`
    : `${caller.description} called ${record.eventName}.`;
  return {
    markers: failed ? ['FAILED'] : [],
    title: `${record.eventName}${inAccount(record)}${record.awsRegion ? ` ${record.awsRegion}` : ''} by ${caller.shortName}`,
    summary: capitalize(summary),
    facts: [{ label: 'Request', value: compactJson(record.requestParameters) }, ...callFacts(record, caller)],
    links: eventLinks(record, context),
    eventId: record.eventId,
    guardName: context.guardName,
  };
}
