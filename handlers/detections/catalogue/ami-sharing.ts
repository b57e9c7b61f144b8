import { listAt } from '../../common/cloudtrail-record';
import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';
import { sharedWith, sharingDangers } from './record-facts';

/** An AMI's launch permission given to another account or to everyone. */
export const amiSharing = defineDetection({
  id: 'ami-sharing',
  title: 'AMI shared',
  why: 'A shared image hands its disks, and any secret baked into them, to another account.',
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifyImageAttribute'],
  // EventBridge's exists matches leaf values only, not the add list: the attribute names the change,
  // and the describer finds who was added (removing a permission is not dangerous).
  conditions: [{ path: 'requestParameters.attributeType', anyOf: ['launchPermission'] }],
  cis: [],
  stratus: ['aws.exfiltration.ec2-share-ami'],
  severity: 'high',
  onlyWhenDangerous: true,
  describe: (record) => {
    const who = sharedWith(listAt(record.requestParameters, 'launchPermission', 'add'));
    return resourceFacts(record, 'AMI', ['imageId'], sharingDangers(who, record, 'the AMI'), [{ label: 'Shared with', value: who }]);
  },
});
