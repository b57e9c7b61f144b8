/**
 * Sends a test event to a guard deployed to a local AWS emulator, in process: the emulator stores
 * the Lambda function but (without Docker) cannot run it, and does not deliver EventBridge events
 * to Lambda targets. So this runs the guard's handler here with the environment Terraform gave the
 * deployed function (read from the stack's local state) and the SDK pointed at the emulator; the
 * handler's calls then act on the emulated account exactly as the deployed function's would.
 *
 *   npx tsx scripts/local-event.ts --stack cdktf.out/stacks/sandbox-us-east-1 \
 *     --function guards-region-lockdown --handler region-lockdown \
 *     --event examples/events/create-user.json --endpoint http://127.0.0.1:5000
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { localEndpointCredentials, localEndpointProblem } from '../modules/stacks/local-endpoint';

const usage =
  'usage: npx tsx scripts/local-event.ts --stack <cdktf.out/stacks/<stack>> --function <function name> --handler <handlers/ folder> --event <event.json> --endpoint <http://127.0.0.1:port>';

interface LambdaState {
  readonly function_name: string;
  readonly arn: string;
  readonly environment?: { variables?: Record<string, string> }[];
}

/** The deployed function's attributes, from the stack's local Terraform state. */
function deployedFunction(stackDirectory: string, functionName: string): LambdaState {
  const stateFile = path.join(stackDirectory, 'terraform.tfstate');
  if (!existsSync(stateFile)) throw new Error(`--stack: ${stateFile} does not exist; deploy the stack first (npx cdktf deploy)`);
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { resources: { type: string; instances: { attributes: LambdaState }[] }[] };
  const functions = state.resources
    .filter((resource) => resource.type === 'aws_lambda_function')
    .flatMap((resource) => resource.instances.map((instance) => instance.attributes));
  const found = functions.find((candidate) => candidate.function_name === functionName);
  if (!found) throw new Error(`--function: ${functionName} is not in ${stateFile}; it has ${functions.map((fn) => fn.function_name).join(', ')}`);
  return found;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { stack: { type: 'string' }, function: { type: 'string' }, handler: { type: 'string' }, event: { type: 'string' }, endpoint: { type: 'string' } },
  });
  for (const flag of ['stack', 'function', 'handler', 'event', 'endpoint'] as const) {
    if (!values[flag]) throw new Error(`--${flag} is required\n${usage}`);
  }
  const endpointProblem = localEndpointProblem(values.endpoint!);
  if (endpointProblem) throw new Error(`--endpoint: ${endpointProblem}`);
  const handlerFile = path.resolve(__dirname, '..', 'handlers', values.handler!, 'index.ts');
  if (!existsSync(handlerFile)) throw new Error(`--handler: ${handlerFile} does not exist`);

  const deployed = deployedFunction(values.stack!, values.function!);
  const region = deployed.arn.split(':')[3];
  Object.assign(process.env, deployed.environment?.[0]?.variables ?? {}, {
    AWS_ENDPOINT_URL: values.endpoint,
    AWS_ACCESS_KEY_ID: localEndpointCredentials.accessKey,
    AWS_SECRET_ACCESS_KEY: localEndpointCredentials.secretKey,
    AWS_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: deployed.function_name,
  });
  const event = JSON.parse(readFileSync(values.event!, 'utf8'));
  // Imported only now: handlers create their clients when loaded, from the environment set above.
  const { handler } = (await import(handlerFile)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
  const result = await handler(event, { getRemainingTimeInMillis: () => 900_000, functionName: deployed.function_name });
  console.log(JSON.stringify(result, null, 2));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
