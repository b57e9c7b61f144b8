/**
 * A topic or queue encrypted with a customer managed KMS key accepts a message from an AWS service
 * only when the key policy lets that service principal use the key: "the AWS KMS key policy must
 * allow the service principal kms:GenerateDataKey* and kms:Decrypt".
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html#compatibility-with-aws-services
 * The emulator delivers whatever the key policy says.
 */
import { AwsRule, ModelResource, TerraformModel, Violation, addressOf, asList, policyDocument, wildcardMatches } from '../terraform-model';

export const serviceWriterKeyGrantsPage = 'https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services';

/** A service writing to an encrypted topic or queue, with the request context it writes under. */
interface ServiceWrite {
  readonly writer: ModelResource;
  readonly servicePrincipal: string;
  readonly sourceArn: string | undefined;
  readonly destination: ModelResource;
}

const requiredActions = ['kms:GenerateDataKey', 'kms:Decrypt'];

function serviceWrites(model: TerraformModel): ServiceWrite[] {
  const writes: ServiceWrite[] = [];
  const encrypted = (resource: ModelResource | undefined) =>
    resource && (resource.type === 'aws_sns_topic' || resource.type === 'aws_sqs_queue') && resource.body.kms_master_key_id !== undefined;
  for (const target of model.ofType('aws_cloudwatch_event_target')) {
    // With a role, EventBridge writes as that role (an IAM matter), not as its service principal.
    if (target.body.role_arn !== undefined) continue;
    const destination = model.byArn(target, target.body.arn);
    const rule = model.ruleOfTarget(target);
    if (encrypted(destination) && rule)
      writes.push({ writer: target, servicePrincipal: 'events.amazonaws.com', sourceArn: model.arnOf(rule), destination: destination! });
  }
  for (const alarm of model.ofType('aws_cloudwatch_metric_alarm')) {
    const actions = ['alarm_actions', 'ok_actions', 'insufficient_data_actions'].flatMap((field) => (alarm.body[field] as unknown[] | undefined) ?? []);
    for (const action of actions) {
      const destination = model.byArn(alarm, action);
      if (encrypted(destination))
        writes.push({ writer: alarm, servicePrincipal: 'cloudwatch.amazonaws.com', sourceArn: model.arnOf(alarm), destination: destination! });
    }
  }
  for (const subscription of model.ofType('aws_sns_topic_subscription')) {
    if (subscription.body.protocol !== 'sqs') continue;
    const destination = model.byArn(subscription, subscription.body.endpoint);
    const topic = model.byArn(subscription, subscription.body.topic_arn);
    if (encrypted(destination))
      writes.push({ writer: subscription, servicePrincipal: 'sns.amazonaws.com', sourceArn: topic && model.arnOf(topic), destination: destination! });
  }
  return writes;
}

/** Whether one condition block holds for the request context (unknown keys and operators do not). */
function conditionsHold(condition: Record<string, Record<string, string | string[]>> | undefined, context: Record<string, string | undefined>): boolean {
  return Object.entries(condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, values]) => {
      const actual = context[key];
      if (actual === undefined) return false;
      const patterns = asList(values);
      if (operator === 'StringEquals' || operator === 'ArnEquals') return patterns.includes(actual);
      if (operator === 'StringLike' || operator === 'ArnLike') return patterns.some((pattern) => wildcardMatches(pattern, actual));
      return false;
    }),
  );
}

function keyAllows(key: ModelResource, write: ServiceWrite, model: TerraformModel): boolean {
  const document = policyDocument(key.body.policy);
  if (!document) return true; // built at apply time: nothing to read here
  const destinationArn = model.arnOf(write.destination)!;
  const context: Record<string, string | undefined> = {
    'aws:SourceAccount': write.writer.accountId,
    'aws:SourceArn': write.sourceArn,
    [write.destination.type === 'aws_sns_topic' ? 'kms:EncryptionContext:aws:sns:topicArn' : 'kms:EncryptionContext:aws:sqs:arn']: destinationArn,
  };
  const allowing = document.Statement.filter((statement) => {
    if (statement.Effect !== 'Allow' || typeof statement.Principal !== 'object') return false;
    return asList(statement.Principal.Service).includes(write.servicePrincipal) && conditionsHold(statement.Condition, context);
  });
  return requiredActions.every((action) => allowing.some((statement) => asList(statement.Action).some((pattern) => wildcardMatches(pattern, action))));
}

export const serviceWriterKeyGrants: AwsRule = (model) => {
  const violations: Violation[] = [];
  for (const write of serviceWrites(model)) {
    const keyValue = write.destination.body.kms_master_key_id;
    const key = model.byArn(write.destination, keyValue);
    const where = `${write.servicePrincipal} writes to ${addressOf(write.destination)} (${addressOf(write.writer)})`;
    if (!key) {
      if (typeof keyValue === 'string' && keyValue.startsWith('alias/aws/'))
        violations.push({
          resource: addressOf(write.writer),
          message: `${where}, encrypted with the AWS managed key ${keyValue}, whose policy cannot grant the service: ${serviceWriterKeyGrantsPage}`,
        });
      continue;
    }
    if (key.type === 'aws_kms_key' && !keyAllows(key, write, model)) {
      violations.push({
        resource: addressOf(write.writer),
        message: `${where}, encrypted with ${addressOf(key)}, whose key policy does not allow ${write.servicePrincipal} ${requiredActions.join(' and ')} for this writer: ${serviceWriterKeyGrantsPage}`,
      });
    }
  }
  return violations;
};
