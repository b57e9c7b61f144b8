/**
 * Which alerts need someone now: they go to the priority topic (and so to the priority chat
 * channels) besides the alert topic. Read from the subject's leading `[MARKER]`s, which every guard
 * writes (alert-format.ts, instance-quarantine's report, the refusals): the one place the guards
 * already say how serious an alert is. Pure: the constructs and the replay command read it too.
 */

/** Markers (the words in brackets opening a subject) of an alert that needs someone now. */
export const priorityMarkerPatterns: readonly RegExp[] = [
  // instance-quarantine: QUARANTINED, QUARANTINE INCOMPLETE, and a member that refused (QUARANTINE or RELEASE NOT DONE).
  /^QUARANTINE/,
  /NOT DONE$/,
  // The hub's tamper alert: someone changed a guard's own resource.
  /^GUARD TAMPERING$/,
  // A detection of critical severity.
  /^CRITICAL$/,
];

export type AlertSeverity = 'priority' | 'normal';

/** The markers that open a subject: `[A][B C] rest` gives `['A', 'B C']`. */
export function subjectMarkers(subject: string): string[] {
  const opening = /^(\[[^\]]*\])+/.exec(subject.trim());
  if (!opening) return [];
  return [...opening[0].matchAll(/\[([^\]]*)\]/g)].map((match) => match[1].trim()).filter((marker) => marker.length > 0);
}

export function alertSeverity(subject: string): AlertSeverity {
  return subjectMarkers(subject).some((marker) => priorityMarkerPatterns.some((pattern) => pattern.test(marker))) ? 'priority' : 'normal';
}
