import { defineDetection } from './detection';
import { requestText, resourceFacts } from './describe-helpers';
import { guardResourceDangers } from './record-facts';

/** Any trail stopped, deleted or changed: an attacker's first step is to blind the audit log. */
export const cloudTrailChanges = defineDetection({
  id: 'cloudtrail-changes',
  title: 'CloudTrail trail stopped, deleted or changed',
  why: 'Stopping, deleting or narrowing a trail hides what comes next from the audit log.',
  scope: 'regional',
  eventSource: 'cloudtrail.amazonaws.com',
  eventNames: ['CreateTrail', 'UpdateTrail', 'DeleteTrail', 'StartLogging', 'StopLogging', 'PutEventSelectors'],
  cis: ['4.5'],
  stratus: ['aws.defense-evasion.cloudtrail-delete', 'aws.defense-evasion.cloudtrail-event-selectors', 'aws.defense-evasion.cloudtrail-stop'],
  severity: 'high',
  describe: (record, { namePrefix }) => {
    const trail = requestText(record, 'name', 'trailName');
    const blinding = ['StopLogging', 'DeleteTrail'].includes(record.eventName)
      ? [{ marker: 'LOGGING OFF', reason: `trail ${trail ?? '(unnamed)'} no longer records` }]
      : [];
    return resourceFacts(record, 'trail', ['name', 'trailName'], [...blinding, ...guardResourceDangers(trail, namePrefix, 'the trail')]);
  },
});
