import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** Access to a Bedrock foundation model requested: the first step of running models on the account's bill. */
export const bedrockModelAccess = defineDetection({
  id: 'bedrock-model-access',
  title: 'Bedrock model access requested',
  why: "Stolen keys are used to run large models at the account's expense (LLMjacking); access is asked for first.",
  scope: 'regional',
  eventSource: 'bedrock.amazonaws.com',
  eventNames: ['PutFoundationModelEntitlement', 'CreateFoundationModelAgreement', 'PutUseCaseForModelAccess'],
  cis: [],
  stratus: ['aws.impact.bedrock-invoke-model'],
  severity: 'medium',
  describe: (record) => resourceFacts(record, 'model', ['modelId']),
});
