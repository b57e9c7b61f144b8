/**
 * The Security Hub finding of a high or critical detection: one per (detection, resource), so the
 * same call on the same resource updates it. Pure.
 */
import { cloudTrailAlertFacts } from '../common/cloudtrail-alert-facts';
import type { CloudTrailRecord } from '../common/cloudtrail-record';
import type { GuardFinding } from '../common/security-hub-finding';
import type { Detection } from './catalogue/detection';

export function detectionFinding(detection: Detection, record: CloudTrailRecord, title: string): GuardFinding | undefined {
  if (detection.severity !== 'high' && detection.severity !== 'critical') return undefined;
  const { resourceId, principalArn } = cloudTrailAlertFacts(record);
  return {
    guard: `detections/${detection.id}`,
    generator: detection.id,
    accountId: record.accountId ?? '',
    region: record.awsRegion ?? '',
    resourceType: 'Other',
    // Without a named resource, the call itself (by its caller) is what the finding is about.
    resourceId: resourceId ?? `${record.eventSource}/${record.eventName}/${principalArn ?? 'unknown caller'}`,
    severity: detection.severity === 'critical' ? 'CRITICAL' : 'HIGH',
    title,
    description: `${detection.id}: ${record.eventName} by ${principalArn ?? 'an unknown caller'}${record.eventId ? ` (CloudTrail event ${record.eventId})` : ''}`,
    state: 'open',
    at: record.eventTime && !Number.isNaN(Date.parse(record.eventTime)) ? new Date(record.eventTime).toISOString() : new Date().toISOString(),
  };
}
