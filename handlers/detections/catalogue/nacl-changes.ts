import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** Network ACL created, changed or deleted: subnet-wide allow or deny of traffic. */
export const naclChanges = defineDetection({
  id: 'nacl-changes',
  title: 'Network ACL changed',
  why: "A network ACL entry opens or closes a whole subnet, and can undo the quarantine guard's deny entries.",
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'CreateNetworkAcl',
    'CreateNetworkAclEntry',
    'DeleteNetworkAcl',
    'DeleteNetworkAclEntry',
    'ReplaceNetworkAclEntry',
    'ReplaceNetworkAclAssociation',
  ],
  cis: ['4.11'],
  stratus: [],
  severity: 'medium',
  describe: (record) => resourceFacts(record, 'network ACL', ['networkAclId', 'associationId', 'vpcId']),
});
