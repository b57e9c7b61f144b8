import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** An instance's user data replaced: it runs as root at the next start. */
export const instanceUserDataChange = defineDetection({
  id: 'instance-user-data-change',
  title: 'Instance user data changed',
  why: 'User data runs as root when the instance starts: a stop, a change and a start execute any code.',
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifyInstanceAttribute'],
  conditions: [{ path: 'requestParameters.userData', exists: true }],
  cis: [],
  stratus: ['aws.execution.ec2-user-data'],
  severity: 'high',
  describe: (record) => resourceFacts(record, 'instance', ['instanceId']),
});
