import { listAt, textAt } from '../../common/cloudtrail-record';
import { Danger, defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** From this many instances on, one command is a fan-out across the fleet. */
export const fanOutInstances = 2;

/** A command run on instances through SSM, marked when it fans out to several or to a tag selection. */
export const ssmSendCommand = defineDetection({
  id: 'ssm-send-command',
  title: 'Command run on instances through SSM',
  why: 'SendCommand runs shell commands as root on every instance it names: the fastest way to take or rob a fleet.',
  scope: 'regional',
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['SendCommand'],
  cis: [],
  stratus: ['aws.execution.ssm-send-command', 'aws.credential-access.ec2-steal-instance-credentials'],
  severity: 'medium',
  describe: (record) => {
    const instances = listAt(record.requestParameters, 'instanceIds').map(String);
    const targets = listAt(record.requestParameters, 'targets');
    const dangers: Danger[] = [];
    if (instances.length >= fanOutInstances) dangers.push({ marker: 'FAN-OUT', reason: `one command on ${instances.length} instances` });
    if (targets.length > 0) dangers.push({ marker: 'FAN-OUT', reason: 'the command targets instances by tag or resource group: every match runs it' });
    return {
      ...resourceFacts(record, 'instances', [], dangers, [
        { label: 'Document', value: textAt(record.requestParameters, 'documentName') },
        { label: 'Instances', value: instances },
      ]),
      resource:
        instances.length > 0
          ? `${instances.length} instance(s) ${instances.slice(0, 3).join(', ')}${instances.length > 3 ? '...' : ''}`
          : 'instances selected by target',
    };
  },
});
