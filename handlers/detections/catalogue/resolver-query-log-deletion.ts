import { defineDetection } from './detection';
import { resourceFacts } from './describe-helpers';

/** Route 53 Resolver query logging deleted or detached: DNS lookups (a common exfiltration channel) go unrecorded. */
export const resolverQueryLogDeletion = defineDetection({
  id: 'resolver-query-log-deletion',
  title: 'DNS query logging deleted',
  why: 'DNS is a common exfiltration and command channel; without query logs it leaves no record.',
  scope: 'regional',
  eventSource: 'route53resolver.amazonaws.com',
  eventNames: ['DeleteResolverQueryLogConfig', 'DisassociateResolverQueryLogConfig'],
  cis: [],
  stratus: ['aws.defense-evasion.dns-delete-logs'],
  severity: 'high',
  describe: (record) =>
    resourceFacts(record, 'query log config', ['resolverQueryLogConfigId'], [{ marker: 'LOGGING OFF', reason: 'DNS queries are no longer recorded' }]),
});
