/**
 * A resource policy statement for an AWS service principal holds only on keys that service puts in
 * its request: principal keys (`aws:PrincipalOrgID`, `aws:PrincipalTag/...`, `aws:SourceIp`,
 * MFA, user ids) are absent for a service principal: a statement on them never matches, so the
 * service is refused although every test in the emulator passes. The other way round, a service
 * that calls on a resource's behalf sends `aws:SourceArn` and `aws:SourceAccount` (EventBridge, SNS,
 * CloudWatch, Config, CloudWatch Logs, CloudTrail, S3), and its grant is scoped by them (the
 * confused-deputy guidance), or for a KMS key by the encryption context naming the resource.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
 */
import { AwsRule, ModelResource, Violation, addressOf, asList, policyDocument } from '../terraform-model';

export const conditionKeysPage = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html';
export const confusedDeputyPage = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html';

/** Services that call on a resource's behalf and send `aws:SourceArn`/`aws:SourceAccount` there. */
const sendsSourceKeys = (service: string) =>
  ['events.amazonaws.com', 'sns.amazonaws.com', 'cloudwatch.amazonaws.com', 'config.amazonaws.com', 'cloudtrail.amazonaws.com', 's3.amazonaws.com'].includes(
    service,
  ) || /^logs\.[a-z0-9-]+\.amazonaws\.com$/.test(service);

const sourceKeys = ['aws:sourcearn', 'aws:sourceaccount', 'aws:sourceorgid', 'aws:sourceorgpaths'];
/** Keys a service principal's request never carries. */
const principalOnlyKeys =
  /^aws:(principalorgid|principalorgpaths|principaltag\/.*|principalaccount|sourceip|sourcevpce?|vpcsourceip|multifactorauth(present|age)|userid|username|tokenissuetime)$/;

const resourcePolicies: Record<string, string> = {
  aws_kms_key: 'policy',
  aws_sns_topic_policy: 'policy',
  aws_sqs_queue_policy: 'policy',
  aws_cloudwatch_event_bus_policy: 'policy',
  aws_s3_bucket_policy: 'policy',
  aws_dynamodb_resource_policy: 'policy',
  aws_iam_role: 'assume_role_policy',
};

function statementProblems(resource: ModelResource, service: string, keys: string[], effect: string): string[] {
  const problems: string[] = [];
  for (const key of keys) {
    const lower = key.toLowerCase();
    if (principalOnlyKeys.test(lower)) problems.push(`condition key ${key}, which a service principal's request never carries (${conditionKeysPage})`);
  }
  // A trust policy is left out (a function's execution role is assumed for the function, not a
  // caller's resource); KMS's encryption context naming the resource scopes a key grant as well.
  const scoped = keys.some((key) => sourceKeys.includes(key.toLowerCase()) || key.startsWith('kms:EncryptionContext:'));
  if (effect === 'Allow' && resource.type !== 'aws_iam_role' && sendsSourceKeys(service) && !scoped)
    problems.push(`no aws:SourceArn or aws:SourceAccount, which ${service} sends: any account's resources could use this grant (${confusedDeputyPage})`);
  return problems;
}

export const servicePrincipalConditions: AwsRule = (model) => {
  const violations: Violation[] = [];
  for (const [type, field] of Object.entries(resourcePolicies)) {
    for (const resource of model.ofType(type)) {
      const document = policyDocument(resource.body[field]);
      for (const statement of document?.Statement ?? []) {
        if (typeof statement.Principal !== 'object' || Object.keys(statement.Principal).some((kind) => kind !== 'Service')) continue;
        const keys = Object.values(statement.Condition ?? {}).flatMap((byKey) => Object.keys(byKey));
        for (const service of asList(statement.Principal.Service)) {
          for (const problem of statementProblems(resource, service, keys, statement.Effect)) {
            violations.push({
              resource: addressOf(resource),
              message: `${addressOf(resource)}: statement ${statement.Sid ?? '(no Sid)'} for ${service} has ${problem}`,
            });
          }
        }
      }
    }
  }
  for (const permission of model.ofType('aws_lambda_permission')) {
    const service = String(permission.body.principal);
    if (!service.endsWith('.amazonaws.com')) continue;
    const keys = [
      ...(permission.body.source_arn !== undefined ? ['aws:SourceArn'] : []),
      ...(permission.body.source_account !== undefined ? ['aws:SourceAccount'] : []),
      ...(permission.body.principal_org_id !== undefined ? ['aws:PrincipalOrgID'] : []),
    ];
    for (const problem of statementProblems(permission, service, keys, 'Allow')) {
      violations.push({ resource: addressOf(permission), message: `${addressOf(permission)}: the permission for ${service} has ${problem}` });
    }
  }
  return violations;
};
