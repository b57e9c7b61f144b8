import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** The EC2 serial console switched on, or a key pushed to an instance's serial port. */
export const serialConsoleAccess = defineDetection({
  id: 'serial-console-access',
  title: 'EC2 serial console opened',
  why: 'The serial console reaches an instance below its network: security groups and network ACLs do not apply.',
  scope: 'regional',
  eventSource: '*',
  eventNames: [],
  conditions: [
    { path: 'eventSource', anyOf: ['ec2.amazonaws.com', 'ec2-instance-connect.amazonaws.com'] },
    { path: 'eventName', anyOf: ['EnableSerialConsoleAccess', 'SendSerialConsoleSSHPublicKey'] },
  ],
  cis: [],
  stratus: ['aws.lateral-movement.ec2-serial-console-send-ssh-public-key'],
  severity: 'high',
  describe: (record) => resourceFacts(record, 'instance', ['instanceId']),
});
