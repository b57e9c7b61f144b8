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
  // EventBridge's exists matches leaf values only, not the add list: the attribute names the change,
  // and the describer finds who was added (removing a permission is not dangerous).
  conditions: [{ path: 'requestParameters.attributeType', anyOf: ['CREATE_VOLUME_PERMISSION', 'createVolumePermission'] }],
  cis: [],
  stratus: ['aws.exfiltration.ec2-share-ebs-snapshot'],
  severity: 'high',
  onlyWhenDangerous: true,
  describe: (record) => {
    const who = sharedWith(listAt(record.requestParameters, 'createVolumePermission', 'add'));
    return resourceFacts(record, 'snapshot', ['snapshotId'], sharingDangers(who, record, 'the snapshot'), [{ label: 'Shared with', value: who }]);
  },
});
