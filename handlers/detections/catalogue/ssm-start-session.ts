import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** An interactive SSM session opened on an instance: a shell without SSH keys or open ports. */
export const ssmStartSession = defineDetection({
  id: 'ssm-start-session',
  title: 'Interactive SSM session started',
  why: 'A Session Manager shell reaches an instance with no key and no open port.',
  scope: 'regional',
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['StartSession'],
  cis: [],
  stratus: ['aws.execution.ssm-start-session'],
  severity: 'low',
  describe: (record) => resourceFacts(record, 'instance', ['target']),
});
