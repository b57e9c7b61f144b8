import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import type { GuardFunction } from './guard-function';

/** What a guard's function outputs say: `Lambda function that <does>`, `SQS queue that holds <unhandled> could not handle`. */
export interface FunctionOutputText {
  /** What the function does, e.g. `turns console sign-in records into alerts`. */
  readonly does: string;
  /** What waits in its failure queue, e.g. `the sign-in deliveries the function`. */
  readonly unhandled: string;
}

/**
 * The two outputs every guard with a function gives, under the same keys in every guard (scripts
 * and runbooks read them): `function-name` and `failure-queue-url`.
 */
export function addFunctionOutputs(scope: Construct, guardFunction: GuardFunction, text: FunctionOutputText): void {
  new TerraformOutput(scope, 'function-name', { description: `Lambda function that ${text.does}`, value: guardFunction.function.functionName });
  new TerraformOutput(scope, 'failure-queue-url', {
    description: `SQS queue that holds ${text.unhandled} could not handle`,
    value: guardFunction.failureQueue.url,
  });
}
