import { defineDetection } from './detection';
import { requestText, resourceFacts } from './describe-helpers';
import { guardResourceDangers } from './record-facts';

/** A function's code replaced: whatever it runs as now runs the new code. */
export const lambdaCodeChange = defineDetection({
  id: 'lambda-code-change',
  title: 'Lambda function code replaced',
  why: "New code runs with the function's role and sees every event it receives.",
  scope: 'regional',
  eventSource: 'lambda.amazonaws.com',
  eventNames: ['UpdateFunctionCode20150331v2'],
  cis: [],
  stratus: ['aws.persistence.lambda-overwrite-code'],
  severity: 'medium',
  describe: (record, { namePrefix }) =>
    resourceFacts(record, 'function', ['functionName'], guardResourceDangers(requestText(record, 'functionName'), namePrefix, 'the function')),
});
