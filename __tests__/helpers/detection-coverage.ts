/**
 * Coverage measured by the project: the CloudTrail records of __tests__/fixtures/detections (one
 * file per Stratus Red Team technique and per CIS control, written from their public descriptions,
 * SOURCES.md) put through what a synthesized stack holds:
 * - its EventBridge rules (judged by the test-only matcher, which the emulator suite
 *   __tests__/emulator/detection-patterns.test.ts checks against the emulator's own EventBridge),
 *   only for the records EventBridge delivers: management calls that change something. EventBridge
 *   carries read-only calls only for rules in state ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS,
 *   which the guards do not use, and never data events
 *   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event.html);
 *   a detections rule counts when the detections decision renders an alert for its delivery;
 * - its CloudWatch Logs filters on the trail (JSON patterns), for every management record:
 *   a metric filter counts when an alarm on its metric notifies, a subscription filter when it
 *   feeds the sign-in alert.
 * Used by __tests__/stacks/detection-coverage.test.ts and `npm run coverage:detections`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectionById, detectionsEnvironment as detectionsEnvironmentSpec, readDetectionsEnvironment } from '../../handlers/detections/contract';
import { Detection } from '../../handlers/detections/catalogue/detection';
import { decideDetectionAlert } from '../../handlers/detections/decide';
import { parseDetectionEvent } from '../../handlers/detections/detection-event';
import { cisControls } from '../../handlers/detections/contract';
import { eventBridgeEnvelope, JsonRecord } from './cloudtrail-envelopes';
import { documentedCisPatterns } from './cis-documented-patterns';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { matchesLogFilter } from '../../scripts/replay/log-filter-matcher';
import { repoRoot, resourcesOfType, SynthesizedStack } from './synth';

export const detectionFixtures = path.join(repoRoot, '__tests__', 'fixtures', 'detections');

/** The records of one fixture file (a JSON list of CloudTrail records). */
export function fixtureRecords(folder: 'stratus' | 'cis' | 'records', name: string): JsonRecord[] {
  return JSON.parse(readFileSync(path.join(detectionFixtures, folder, `${name}.json`), 'utf8')) as JsonRecord[];
}

export function fixtureNames(folder: 'stratus' | 'cis' | 'records'): string[] {
  return readdirSync(path.join(detectionFixtures, folder))
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Whether EventBridge's CloudTrail API-call events carry the record (see the file comment). */
export function deliveredToEventBridge(record: JsonRecord): boolean {
  return record.managementEvent !== false && record.readOnly !== true;
}

/** The synthesized rules that alert a person when they match, by name: the alert guards' and the detections'. */
const alertingRule = /-(iam-changes|sg-changes|tamper-[a-z-]+|detections-\d+)$/;

interface StackRule {
  readonly name: string;
  readonly eventPattern: string;
}

function eventRules(stack: SynthesizedStack): StackRule[] {
  return Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_event_rule'))
    .filter((rule) => typeof rule.event_pattern === 'string')
    .map((rule) => ({ name: String(rule.name), eventPattern: String(rule.event_pattern) }));
}

/** The detections function's environment as synthesized (what it renders and allows). */
function detectionsEnvironment(stack: SynthesizedStack) {
  // By its variables: a hub function's code is an S3 object, not a file name.
  const fn = Object.values(resourcesOfType(stack.json, 'aws_lambda_function')).find(
    (candidate) =>
      (candidate.environment as { variables?: Record<string, string> } | undefined)?.variables?.[detectionsEnvironmentSpec.detections.name] !== undefined,
  );
  if (!fn) return undefined;
  const variables = (fn.environment as { variables: Record<string, string> }).variables;
  return readDetectionsEnvironment(variables);
}

/** The rule that delivered it, when a detections rule matches and its delivery renders an alert. */
function detectionAlerts(stack: SynthesizedStack, rule: StackRule, envelope: JsonRecord): boolean {
  const ruleIndex = /-detections-(?:members-)?(\d+)$/.exec(rule.name);
  if (!ruleIndex) return true;
  const environment = detectionsEnvironment(stack);
  if (!environment) return false;
  const decision = decideDetectionAlert(parseDetectionEvent({ ruleIndex: Number(ruleIndex[1]), event: envelope }), {
    detections: environment.detections.map((id) => detectionById(id)).filter((detection): detection is Detection => !!detection),
    allowList: environment.allowList,
    namePrefix: environment.namePrefix,
    partition: 'aws',
    guardName: environment.serviceName,
  });
  return decision.kind === 'alert';
}

/** Metric filters whose metric has an alarm with an action, and the sign-in alert's subscription filter: the JSON filters that notify. */
function notifyingLogFilters(stack: SynthesizedStack): { name: string; pattern: string }[] {
  const alarms = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_metric_alarm'));
  const metricFilters = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_log_metric_filter')).filter((filter) => {
    const metric = filter.metric_transformation as { name: string; namespace: string }[] | { name: string; namespace: string };
    const { name, namespace } = Array.isArray(metric) ? metric[0] : metric;
    return alarms.some(
      (alarm) => alarm.metric_name === name && alarm.namespace === namespace && Array.isArray(alarm.alarm_actions) && alarm.alarm_actions.length > 0,
    );
  });
  const subscriptions = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_log_subscription_filter')).filter((filter) =>
    String(filter.name).endsWith('-signin-alert'),
  );
  return [...metricFilters, ...subscriptions]
    .map((filter) => ({ name: String(filter.name), pattern: String(filter.pattern ?? filter.filter_pattern) }))
    .filter((filter) => filter.pattern.trim().startsWith('{'));
}

/** What alerts on the record in the stacks: rule and filter names. */
export function alertsOf(stacks: readonly SynthesizedStack[], record: JsonRecord): string[] {
  const envelope = eventBridgeEnvelope(record);
  return stacks.flatMap((stack) => [
    ...(deliveredToEventBridge(record)
      ? eventRules(stack)
          .filter((rule) => alertingRule.test(rule.name) && matchesEventPattern(rule.eventPattern, envelope) && detectionAlerts(stack, rule, envelope))
          .map((rule) => rule.name)
      : []),
    ...(record.managementEvent !== false
      ? notifyingLogFilters(stack)
          .filter((filter) => matchesLogFilter(filter.pattern, record))
          .map((filter) => filter.name)
      : []),
  ]);
}

/** Hub-mode rules that alert a person when they match on a hub bus: the alert guards' routed rules, the detections' and the tamper rule. */
const hubAlertingRule = /-(iam-change-alert-members|sg-change-alert-members|hub-tamper|detections-members-\d+)$/;

const isHubAccountStack = (stack: SynthesizedStack) => stack.name.startsWith('hub-') || stack.name.startsWith('artifacts-');

/**
 * What alerts on the record in hub mode: a member spoke of the call's region forwards it (any of
 * its rules matches: every spoke rule targets the hub bus), then a rule on that region's hub bus
 * matches and alerts (for the detections, their decision renders it); and the notifying JSON
 * filters on the organization trail's log group in the hub (every member's management calls).
 */
export function hubAlertsOf(stacks: readonly SynthesizedStack[], record: JsonRecord): string[] {
  const envelope = eventBridgeEnvelope(record);
  const region = String(envelope.region);
  const forwarded = stacks
    .filter((stack) => !isHubAccountStack(stack) && stack.name.endsWith(`-${region}`))
    .some((spoke) => eventRules(spoke).some((rule) => matchesEventPattern(rule.eventPattern, envelope)));
  const hubStacks = stacks.filter((stack) => stack.name.startsWith('hub-'));
  const hub = hubStacks.find((stack) => stack.name === `hub-${region}`);
  return [
    ...(deliveredToEventBridge(record) && forwarded && hub
      ? eventRules(hub)
          .filter((rule) => hubAlertingRule.test(rule.name) && matchesEventPattern(rule.eventPattern, envelope) && detectionAlerts(hub, rule, envelope))
          .map((rule) => rule.name)
      : []),
    ...(record.managementEvent !== false
      ? hubStacks.flatMap((stack) =>
          notifyingLogFilters(stack)
            .filter((filter) => matchesLogFilter(filter.pattern, record))
            .map((filter) => filter.name),
        )
      : []),
  ];
}

export interface TechniqueCoverage {
  readonly technique: string;
  readonly alertedBy: readonly string[];
}

/** Each technique and what alerts on its records; hub mode (`hub`) follows the member-to-hub path. */
export function stratusCoverage(stacks: readonly SynthesizedStack[], mode: 'standalone' | 'hub' = 'standalone'): TechniqueCoverage[] {
  const alerts = mode === 'hub' ? hubAlertsOf : alertsOf;
  return fixtureNames('stratus').map((technique) => ({
    technique,
    alertedBy: [...new Set(fixtureRecords('stratus', technique).flatMap((record) => alerts(stacks, record)))].sort(),
  }));
}

/** How many techniques something alerts on. */
export function coveredCount(rows: readonly TechniqueCoverage[]): number {
  return rows.filter((row) => row.alertedBy.length > 0).length;
}

export interface CisCoverage {
  readonly control: string;
  /** The synthesized filter has the documented text exactly, an alarm on its metric notifies a topic with a subscriber, and the control's records match it. */
  readonly exact: boolean;
  readonly problems: readonly string[];
}

export function cisCoverage(stacks: readonly SynthesizedStack[]): CisCoverage[] {
  return cisControls.map((control) => {
    const problems: string[] = [];
    const documented = documentedCisPatterns[control.id];
    const filters = stacks.flatMap((stack) =>
      Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_log_metric_filter'))
        .filter((filter) => filter.pattern === documented.text)
        .map((filter) => ({ stack, filter })),
    );
    if (filters.length === 0) problems.push('no metric filter with the documented pattern');
    const notified = filters.some(({ stack, filter }) => {
      const metric = filter.metric_transformation as { name: string; namespace: string };
      const alarm = Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_metric_alarm')).find(
        (candidate) => candidate.metric_name === metric.name && candidate.namespace === metric.namespace,
      );
      const subscribed = Object.values(resourcesOfType(stack.json, 'aws_sns_topic_subscription')).some((subscription) => subscription.protocol === 'email');
      return alarm !== undefined && Array.isArray(alarm.alarm_actions) && alarm.alarm_actions.length > 0 && subscribed;
    });
    if (filters.length > 0 && !notified) problems.push('no alarm with an action on a topic with an e-mail subscriber');
    const unmatched = fixtureRecords('cis', control.id).filter((record) => !matchesLogFilter(documented.text, record));
    if (unmatched.length > 0) problems.push(`${unmatched.length} record(s) of the control do not match the pattern`);
    return { control: control.id, exact: problems.length === 0, problems };
  });
}

const alertedText = (row: TechniqueCoverage) => (row.alertedBy.length > 0 ? row.alertedBy.map((name) => `\`${name}\``).join(', ') : 'not alerted');

/** The coverage table of the README, one row per technique, standalone and hub mode side by side. */
export function coverageTable(standalone: readonly TechniqueCoverage[], hub: readonly TechniqueCoverage[]): string {
  return [
    '| Stratus Red Team technique | alerted by (standalone, examples/single-account.yaml) | alerted by (hub mode, examples/organization.yaml) |',
    '|---|---|---|',
    ...standalone.map((row, index) => {
      if (hub[index]?.technique !== row.technique) throw new Error(`coverageTable: the hub rows do not list ${row.technique} in the same place`);
      return `| \`${row.technique}\` | ${alertedText(row)} | ${alertedText(hub[index])} |`;
    }),
  ].join('\n');
}

/** The line `npm run coverage:detections` prints for one mode, and the README shows. */
export function coverageTotals(mode: 'standalone' | 'hub', stratus: readonly TechniqueCoverage[], cis: readonly CisCoverage[]): string {
  return `${mode}: stratus_covered=${coveredCount(stratus)}/${stratus.length} cis_exact=${cis.filter((row) => row.exact).length}/${cis.length}`;
}
