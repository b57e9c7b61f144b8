import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** VPCs created, deleted or changed, and peering between VPCs (of any account). */
export const vpcChanges = defineDetection({
  id: 'vpc-changes',
  title: 'VPC or VPC peering changed',
  why: 'A peering connection or a changed VPC attribute connects networks that were apart.',
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'CreateVpc',
    'DeleteVpc',
    'ModifyVpcAttribute',
    'AcceptVpcPeeringConnection',
    'CreateVpcPeeringConnection',
    'DeleteVpcPeeringConnection',
    'RejectVpcPeeringConnection',
    'AttachClassicLinkVpc',
    'DetachClassicLinkVpc',
    'DisableVpcClassicLink',
    'EnableVpcClassicLink',
  ],
  cis: ['4.14'],
  stratus: [],
  severity: 'medium',
  describe: (record) => {
    const peerAccount = record.requestParameters ? String(record.requestParameters.peerOwnerId ?? '') : '';
    const dangers =
      peerAccount && peerAccount !== record.accountId ? [{ marker: 'OUTSIDE ACCOUNT', reason: `peering with a VPC of account ${peerAccount}` }] : [];
    return resourceFacts(record, 'VPC', ['vpcId', 'vpcPeeringConnectionId'], dangers);
  },
});
