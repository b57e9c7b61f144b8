import { textAt } from '../../common/cloudtrail-record';
import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** VPC flow logs deleted: network traffic is no longer recorded. */
export const flowLogDeletion = defineDetection({
  id: 'flow-log-deletion',
  title: 'VPC flow logs deleted',
  why: 'Without flow logs, exfiltration and lateral movement leave no network record.',
  scope: 'regional',
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['DeleteFlowLogs'],
  cis: [],
  stratus: ['aws.defense-evasion.vpc-remove-flow-logs'],
  severity: 'high',
  describe: (record) => {
    // EC2 writes this request in its query shape: DeleteFlowLogsRequest.FlowLogId.content.
    const flowLogId =
      textAt(record.requestParameters, 'DeleteFlowLogsRequest', 'FlowLogId', 'content') ??
      textAt(record.requestParameters, 'DeleteFlowLogsRequest', 'FlowLogId');
    return {
      ...resourceFacts(record, 'flow log', []),
      resource: flowLogId ? `flow log ${flowLogId}` : undefined,
      dangers: [{ marker: 'LOGGING OFF', reason: 'network traffic is no longer recorded' }],
    };
  },
});
