import { defineDetection } from './detection';
import { requestText, resourceFacts } from './describe-helpers';

/** A customer managed key disabled or scheduled for deletion: data under it becomes unreadable. */
export const kmsKeyDisableOrDeletion = defineDetection({
  id: 'kms-key-disable-or-deletion',
  title: 'KMS key disabled or scheduled for deletion',
  why: 'Every secret, volume and log encrypted under the key becomes unreadable (ransom, or blinding the guards).',
  scope: 'regional',
  eventSource: 'kms.amazonaws.com',
  eventNames: ['DisableKey', 'ScheduleKeyDeletion'],
  cis: ['4.7'],
  stratus: [],
  severity: 'high',
  describe: (record) =>
    resourceFacts(
      record,
      'key',
      ['keyId'],
      [],
      [
        {
          label: 'Deletion after (days)',
          value: record.eventName === 'ScheduleKeyDeletion' ? (requestText(record, 'pendingWindowInDays') ?? '30 (the default)') : undefined,
        },
      ],
    ),
});
