/**
 * Lambda refuses a function whose environment variables total more than 4 KB (keys and values).
 * https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html
 * A value Terraform fills at apply (a reference) counts as the ARN it names, its own text otherwise.
 */
import { AwsRule, ModelResource, TerraformModel, addressOf } from '../terraform-model';

export const lambdaEnvironmentPage = 'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html';
export const lambdaEnvironmentMaxBytes = 4096;

/** A value's length once applied: a reference counts as the ARN it names where the model knows it. */
export function appliedLength(model: TerraformModel, from: ModelResource, value: string): number {
  const reference = model.referenced(from, value);
  if (reference?.attribute === 'arn') return (model.arnOf(reference.resource) ?? value).length;
  return Buffer.byteLength(value, 'utf8');
}

export const lambdaEnvironmentSize: AwsRule = (model) =>
  model.ofType('aws_lambda_function').flatMap((fn) => {
    const environment = fn.body.environment as { variables?: Record<string, string> } | undefined;
    const variables = environment?.variables ?? {};
    const size = Object.entries(variables).reduce((sum, [key, value]) => sum + Buffer.byteLength(key, 'utf8') + appliedLength(model, fn, String(value)), 0);
    return size > lambdaEnvironmentMaxBytes
      ? [
          {
            resource: addressOf(fn),
            message: `${addressOf(fn)}: its environment is ${size} bytes, Lambda allows ${lambdaEnvironmentMaxBytes}: ${lambdaEnvironmentPage}`,
          },
        ]
      : [];
  });
