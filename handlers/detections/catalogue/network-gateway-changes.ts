import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** Internet and customer gateways created, attached, detached or deleted: new paths in or out of a VPC. */
export const networkGatewayChanges = defineDetection({
  id: 'network-gateway-changes',
  title: 'Network gateway changed',
  why: 'A new or re-attached gateway gives a VPC a path to the internet or to another network.',
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'CreateCustomerGateway',
    'DeleteCustomerGateway',
    'AttachInternetGateway',
    'CreateInternetGateway',
    'DeleteInternetGateway',
    'DetachInternetGateway',
  ],
  cis: ['4.12'],
  stratus: [],
  severity: 'medium',
  describe: (record) => resourceFacts(record, 'gateway', ['internetGatewayId', 'customerGatewayId', 'vpcId']),
});
