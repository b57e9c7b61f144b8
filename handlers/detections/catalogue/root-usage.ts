import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** The root user calling AWS itself (not a service acting for it). */
export const rootUsage = defineDetection({
  id: 'root-usage',
  title: 'Root user used',
  why: 'The root user cannot be limited by IAM or SCPs; daily work never needs it.',
  scope: 'regional',
  eventSource: '*',
  eventNames: [],
  conditions: [
    { path: 'userIdentity.type', anyOf: ['Root'] },
    { path: 'userIdentity.invokedBy', exists: false },
    { path: 'eventType', noneOf: ['AwsServiceEvent'] },
  ],
  cis: ['4.3'],
  stratus: [],
  severity: 'high',
  describe: (record) => ({ ...resourceFacts(record, 'call', []), dangers: [{ marker: 'ROOT', reason: "the call was made with the root user's credentials" }] }),
});
