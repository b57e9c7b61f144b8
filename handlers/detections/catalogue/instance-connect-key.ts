import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** An SSH key pushed to an instance through EC2 Instance Connect (valid 60 seconds). */
export const instanceConnectKey = defineDetection({
  id: 'instance-connect-key',
  title: 'SSH key pushed through EC2 Instance Connect',
  why: 'Instance Connect lets anyone with the permission log in to an instance with a key of their own.',
  scope: 'regional',
  eventSource: 'ec2-instance-connect.amazonaws.com',
  eventNames: ['SendSSHPublicKey'],
  cis: [],
  stratus: ['aws.lateral-movement.ec2-instance-connect'],
  severity: 'medium',
  describe: (record) =>
    resourceFacts(
      record,
      'instance',
      ['instanceId'],
      [],
      [{ label: 'OS user', value: record.requestParameters ? String(record.requestParameters.instanceOSUser ?? '') : undefined }],
    ),
});
