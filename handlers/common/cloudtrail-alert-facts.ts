/**
 * The facts a suppression can match in a CloudTrail record: its account and region, the caller's
 * ARN, and the resource it names (the first of the request's usual id parameters). Pure.
 */
import { CloudTrailRecord, textAt } from './cloudtrail-record';
import type { SuppressibleEvent } from './suppression';

// The request parameters that name the resource of the calls the guards alert on, most specific first.
const resourceIdParameters = [
  'groupId',
  'instanceId',
  'userName',
  'roleName',
  'policyArn',
  'groupName',
  'name',
  'trailName',
  'keyId',
  'functionName',
  'bucketName',
];

export function cloudTrailAlertFacts(record: CloudTrailRecord): Omit<SuppressibleEvent, 'guard'> {
  const principalArn = textAt(record.userIdentity, 'arn');
  const resourceId = resourceIdParameters.map((name) => textAt(record.requestParameters, name)).find((value) => value !== undefined);
  return {
    ...(record.accountId ? { accountId: record.accountId } : {}),
    ...(record.awsRegion ? { region: record.awsRegion } : {}),
    ...(principalArn ? { principalArn } : {}),
    ...(resourceId ? { resourceId } : {}),
  };
}
