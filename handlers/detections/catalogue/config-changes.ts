import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** AWS Config recording stopped or its delivery changed: the guards' Config rules go blind. */
export const configChanges = defineDetection({
  id: 'config-changes',
  title: 'AWS Config recorder or delivery channel changed',
  why: 'Without the recorder, Config rules (the exposed-ports and inactive-user guards) see no changes.',
  scope: 'regional',
  eventSource: 'config.amazonaws.com',
  eventNames: ['StopConfigurationRecorder', 'DeleteDeliveryChannel', 'PutDeliveryChannel', 'PutConfigurationRecorder'],
  cis: ['4.9'],
  stratus: [],
  severity: 'medium',
  describe: (record) =>
    resourceFacts(record, 'recorder or channel', ['configurationRecorderName', 'deliveryChannelName', 'configurationRecorder.name', 'deliveryChannel.name']),
});
