/**
 * The Security Hub finding of a quarantined instance: one per instance (the quarantine guard's id,
 * also used by the release to resolve it). Pure.
 */
import type { GuardFinding } from '../common/security-hub-finding';
import type { Report } from './summary';

/** The guard whose finding it is: the release resolves the quarantine's finding, not one of its own. */
export const quarantineFindingGuard = 'instance-quarantine';

/** The finding of a containment (open) or a release (resolved); undefined for a report that changed nothing. */
export function quarantineFinding(report: Report): GuardFinding | undefined {
  const base = {
    guard: quarantineFindingGuard,
    accountId: report.accountId,
    region: report.region,
    resourceType: 'AwsEc2Instance',
    resourceId: report.instanceId,
    at: report.at,
  };
  switch (report.kind) {
    case 'contained':
    case 'incomplete':
      return {
        ...base,
        severity: report.kind === 'incomplete' ? 'CRITICAL' : 'HIGH',
        title: `EC2 instance ${report.instanceId} ${report.kind === 'incomplete' ? 'not fully quarantined' : 'quarantined'}`,
        description: `Quarantined by the instance-quarantine guard (trigger: ${report.trigger}): ${report.reason}`,
        state: 'open',
      };
    case 'released':
      return {
        ...base,
        severity: 'INFORMATIONAL',
        title: `EC2 instance ${report.instanceId} released from quarantine`,
        description: `Released on approval: ${report.reason}`,
        state: 'resolved',
      };
    default:
      return undefined;
  }
}
