import { listAt } from '../../common/cloudtrail-record';
import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';
import { sharedWith, sharingDangers } from './record-facts';

/** An EBS snapshot's create-volume permission given to another account or to everyone. */
export const ebsSnapshotSharing = defineDetection({
  id: 'ebs-snapshot-sharing',
  title: 'EBS snapshot shared',
  why: 'A shared snapshot is a full copy of a disk in another account.',
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifySnapshotAttribute'],
  conditions: [{ path: 'requestParameters.createVolumePermission.add', exists: true }],
  cis: [],
  stratus: ['aws.exfiltration.ec2-share-ebs-snapshot'],
  severity: 'high',
  describe: (record) => {
    const who = sharedWith(listAt(record.requestParameters, 'createVolumePermission', 'add'));
    return resourceFacts(record, 'snapshot', ['snapshotId'], sharingDangers(who, record, 'the snapshot'), [{ label: 'Shared with', value: who }]);
  },
});
