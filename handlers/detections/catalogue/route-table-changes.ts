import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** Routes and route tables changed: traffic sent elsewhere (e.g. through an attacker's instance). */
export const routeTableChanges = defineDetection({
  id: 'route-table-changes',
  title: 'Route table changed',
  why: "A changed route can send a subnet's traffic through another path, or to the internet.",
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['CreateRoute', 'CreateRouteTable', 'ReplaceRoute', 'ReplaceRouteTableAssociation', 'DeleteRouteTable', 'DeleteRoute', 'DisassociateRouteTable'],
  cis: ['4.13'],
  stratus: [],
  severity: 'medium',
  describe: (record) => resourceFacts(record, 'route table', ['routeTableId', 'associationId', 'vpcId']),
});
