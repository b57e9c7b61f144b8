import { listAt } from '../../common/cloudtrail-record';
import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';
import { sharingDangers } from './record-facts';

/** An RDS (cluster) snapshot's restore permission given to another account or to everyone. */
export const rdsSnapshotSharing = defineDetection({
  id: 'rds-snapshot-sharing',
  title: 'RDS snapshot shared',
  why: 'A shared database snapshot is the whole database, restorable in another account.',
  scope: 'regional',
  eventSource: 'rds.amazonaws.com',
  eventNames: ['ModifyDBSnapshotAttribute', 'ModifyDBClusterSnapshotAttribute'],
  conditions: [{ path: 'requestParameters.attributeName', anyOf: ['restore'] }],
  cis: [],
  stratus: ['aws.exfiltration.rds-share-snapshot'],
  severity: 'high',
  onlyWhenDangerous: true,
  describe: (record) => {
    const who = listAt(record.requestParameters, 'valuesToAdd').map(String);
    return resourceFacts(record, 'DB snapshot', ['dBSnapshotIdentifier', 'dBClusterSnapshotIdentifier'], sharingDangers(who, record, 'the DB snapshot'), [
      { label: 'Shared with', value: who },
    ]);
  },
});
