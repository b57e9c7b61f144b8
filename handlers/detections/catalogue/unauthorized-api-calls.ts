import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** Calls refused for lack of permission: probing for what a stolen credential may do. */
export const unauthorizedApiCalls = defineDetection({
  id: 'unauthorized-api-calls',
  title: 'API call refused (unauthorized)',
  why: 'A credential trying calls it is not allowed to make is how an attacker maps what a stolen key can do.',
  scope: 'regional',
  eventSource: '*',
  eventNames: [],
  // CIS 4.1 and its documented exclusions: log delivery's own refusals and S3 HeadBucket probes.
  conditions: [
    { path: 'errorCode', anyOf: ['Client.UnauthorizedOperation', 'UnauthorizedOperation'], prefixes: ['AccessDenied'] },
    { path: 'sourceIPAddress', noneOf: ['delivery.logs.amazonaws.com'] },
    { path: 'eventName', noneOf: ['HeadBucket'] },
  ],
  cis: ['4.1'],
  stratus: ['aws.execution.ec2-launch-unusual-instances'],
  severity: 'low',
  describe: (record) => resourceFacts(record, 'call', []),
});
