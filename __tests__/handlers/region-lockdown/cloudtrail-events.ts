import { projectFixture, sharedEvent } from '../../helpers/fixtures';

type Record = { [key: string]: unknown };

/**
 * A CloudTrail record (an EventBridge `detail` body) in the real EventBridge envelope of
 * shared/fixtures/events/eventbridge-cloudtrail-envelope.json, as IAM's events arrive in us-east-1.
 */
export function inEnvelope(detail: Record): Record {
  const envelope = sharedEvent<Record>('eventbridge-cloudtrail-envelope.json');
  return { ...envelope, source: 'aws.iam', account: detail.recipientAccountId, region: 'us-east-1', detail };
}

/** The real CreateUser record (panther-analysis), in its envelope. */
export function createUserEvent(detailChanges: Record = {}): Record {
  return inEnvelope({ ...sharedEvent<Record>('createuser-assumedrole.json'), ...detailChanges });
}

export function detachUserPolicyEvent(detailChanges: Record = {}): Record {
  return inEnvelope({ ...projectFixture<Record>('region-lockdown/detach-user-policy.json'), ...detailChanges });
}

/** The Scheduled Event EventBridge sends for a schedule rule. */
export const scheduledEvent = {
  version: '0',
  id: '89d1a02d-5ec7-412e-82f5-13505f849b41',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: '2026-03-02T00:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/guards-region-lockdown-reconcile'],
  detail: {},
};
