/**
 * The decision of the detections function: which detection renders a delivered call, if any, and
 * its alert. Pure (the decision layer of docs/architecture.md, "Handler layers").
 */
import { AlertContent, AlertFact, capitalize } from '../common/alert-format';
import { describeCaller } from '../common/caller-identity';
import { inAccount } from '../common/cloudtrail-record';
import { callFacts, callFailed, eventLinks } from '../cloudtrail-alert/api-call-facts';
import { allowanceFor } from './allow-list';
import { Detection, DetectionFacts } from './catalogue/detection';
import { detectionMatches, packIntoRules } from './catalogue/event-pattern';
import { cisControls } from './catalogue/cis-controls';
import type { DetectionAllowance } from './contract';
import { DetectionEvent } from './detection-event';

export interface DetectionSettings {
  /** The enabled detections, in catalogue order. */
  readonly detections: readonly Detection[];
  readonly allowList: readonly DetectionAllowance[];
  readonly namePrefix: string;
  readonly partition: string;
  readonly guardName: string;
}

export type DetectionDecision =
  { readonly kind: 'alert'; readonly detection: Detection; readonly content: AlertContent } | { readonly kind: 'skip'; readonly reason: string };

const severityMarker: Readonly<Record<Detection['severity'], string | undefined>> = { critical: 'CRITICAL', high: 'HIGH', medium: undefined, low: undefined };

function cisText(detection: Detection): string | undefined {
  if (detection.cis.length === 0) return undefined;
  return detection.cis.map((id) => `${id} (v6 ${cisControls.find((control) => control.id === id)?.v6Id ?? '?'})`).join(', ');
}

export function decideDetectionAlert(event: DetectionEvent, settings: DetectionSettings): DetectionDecision {
  const { record } = event;
  const matching = settings.detections.filter((detection) => detectionMatches(detection, event.detailType, event.detail));
  if (matching.length === 0) return { kind: 'skip', reason: `no enabled detection matches ${record.eventSource} ${record.eventName}` };

  const rendered: { detection: Detection; facts: DetectionFacts }[] = [];
  const skipped: string[] = [];
  for (const detection of matching) {
    const allowance = allowanceFor(detection.id, record, settings.allowList);
    if (allowance) {
      skipped.push(`${detection.id}: allowed by the config's allowList`);
      continue;
    }
    const facts = detection.describe(record, { namePrefix: settings.namePrefix });
    if (detection.onlyWhenDangerous && facts.dangers.length === 0) {
      skipped.push(`${detection.id}: nothing dangerous in the call`);
      continue;
    }
    rendered.push({ detection, facts });
  }
  if (rendered.length === 0) return { kind: 'skip', reason: skipped.join('; ') };
  const [{ detection, facts }, ...others] = rendered;

  // An event two rules deliver alerts once: from the rule that holds the detection rendering it.
  if (event.ruleIndex !== undefined) {
    const ruleOfDetection = packIntoRules(settings.detections).findIndex((rule) => rule.includes(detection));
    if (ruleOfDetection !== event.ruleIndex) return { kind: 'skip', reason: `${detection.id} renders this call from rule ${ruleOfDetection}` };
  }
  return {
    kind: 'alert',
    detection,
    content: detectionAlert(
      event,
      detection,
      facts,
      others.map((other) => other.detection),
      settings,
    ),
  };
}

function detectionAlert(
  event: DetectionEvent,
  detection: Detection,
  facts: DetectionFacts,
  alsoMatched: readonly Detection[],
  settings: DetectionSettings,
): AlertContent {
  const { record } = event;
  const caller = describeCaller(record.userIdentity);
  const failed = callFailed(record);
  const on = facts.resource ? ` on ${facts.resource}` : '';
  const action = failed
    ? `${caller.description} tried to call ${record.eventName}${on}, and the call failed (${record.errorCode}).`
    : `${caller.description} called ${record.eventName}${on}.`;
  const markers = [severityMarker[detection.severity], ...new Set(facts.dangers.map((danger) => danger.marker)), failed ? 'FAILED' : undefined].filter(
    (marker): marker is string => marker !== undefined,
  );
  const detectionFacts: AlertFact[] = [
    { label: 'Detection', value: `${detection.title} (${detection.id}, ${detection.severity})` },
    { label: 'Dangerous', value: facts.dangers.map((danger) => danger.reason) },
    { label: 'Resource', value: facts.resource },
    { label: 'CIS AWS Foundations', value: cisText(detection) },
    { label: 'Stratus Red Team', value: detection.stratus.length > 0 ? detection.stratus.join(', ') : undefined },
    { label: 'Also matches', value: alsoMatched.map((other) => other.id) },
  ];
  return {
    markers,
    // The call is in the body: the subject keeps room for the caller.
    title: `${detection.title}${inAccount(record)}${record.awsRegion ? ` ${record.awsRegion}` : ''} by ${caller.shortName}`,
    summary: capitalize(`${action} ${detection.why}`),
    facts: [...detectionFacts, ...facts.facts, ...callFacts(record, caller)],
    links: eventLinks(record, { partition: settings.partition, guardName: settings.guardName }),
    eventId: record.eventId,
    guardName: settings.guardName,
  };
}
