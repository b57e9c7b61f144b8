import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** An AMI deregistered: instances can no longer be launched or rebuilt from it. */
export const amiDeregistration = defineDetection({
  id: 'ami-deregistration',
  title: 'AMI deregistered',
  why: 'Deregistering the images a fleet is rebuilt from is a step of ransom and sabotage.',
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DeregisterImage'],
  cis: [],
  stratus: ['aws.impact.ec2-deregister-ami'],
  severity: 'low',
  describe: (record) => resourceFacts(record, 'AMI', ['imageId']),
});
