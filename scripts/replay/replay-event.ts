/**
 * Replays one event against a guards config, locally and without any AWS call: which EventBridge
 * rules of which stacks (synthesized from the config, as `npm run synth` would) match it, which
 * function each invokes, and, where the guard's alert is made from the event alone, the alert it
 * would send, by the handler's own decision and format code. See `npm run replay`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FormattedAlert, formatAlert } from '../../handlers/common/alert-format';
import { isObject, textAt } from '../../handlers/common/cloudtrail-record';
import { describeApiCall } from '../../handlers/cloudtrail-alert/api-call-alert';
import { parseApiCallEvent } from '../../handlers/cloudtrail-alert/eventbridge-event';
import { withTamperMarker } from '../../handlers/cloudtrail-alert/tamper-marker';
import { readDetectionsEnvironment, detectionById } from '../../handlers/detections/contract';
import { decideDetectionAlert } from '../../handlers/detections/decide';
import { parseDetectionEvent } from '../../handlers/detections/detection-event';
import type { Detection } from '../../handlers/detections/catalogue/detection';
import type { GuardsConfig } from '../../modules/config/guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { matchesEventPattern } from './event-pattern-matcher';

export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

export type EventKind = 'eventbridge' | 'cloudtrail' | 'guardduty' | 'config';

/** The event as EventBridge delivers it to the rules, and what kind the file held. */
export function asEventBridgeEvent(input: unknown): { kind: EventKind; event: Record<string, unknown> } {
  if (Array.isArray(input)) {
    if (input.length !== 1) throw new UnreadableEventError(`event: a list of ${input.length} events; replay one at a time`);
    return asEventBridgeEvent(input[0]);
  }
  if (!isObject(input))
    throw new UnreadableEventError('event: not a JSON object (expected a CloudTrail record, an EventBridge event, a GuardDuty finding or a Config invocation)');
  const records = input.Records;
  if (Array.isArray(records)) {
    if (records.length !== 1) throw new UnreadableEventError(`event.Records: holds ${records.length} records; replay one at a time`);
    return asEventBridgeEvent(records[0]);
  }
  if (typeof input['detail-type'] === 'string' && typeof input.source === 'string') {
    if (!isObject(input.detail)) throw new UnreadableEventError('event.detail: missing or not an object (an EventBridge event carries one)');
    return { kind: 'eventbridge', event: input };
  }
  if (typeof input.configRuleName === 'string' || typeof input.invokingEvent === 'string') return { kind: 'config', event: input };
  if (typeof input.eventName === 'string' && typeof input.eventSource === 'string') {
    const signIn = input.eventType === 'AwsConsoleSignIn';
    return {
      kind: 'cloudtrail',
      event: {
        version: '0',
        id: `replay-${textAt(input, 'eventID') ?? 'event'}`,
        'detail-type': signIn ? 'AWS Console Sign In via CloudTrail' : 'AWS API Call via CloudTrail',
        source: `aws.${String(input.eventSource).replace(/\.amazonaws\.com$/, '')}`,
        account: textAt(input, 'recipientAccountId') ?? textAt(input, 'userIdentity', 'accountId') ?? '',
        time: textAt(input, 'eventTime') ?? '',
        region: textAt(input, 'awsRegion') ?? '',
        resources: [],
        detail: input,
      },
    };
  }
  if (typeof input.schemaVersion === 'string' && typeof input.type === 'string' && isObject(input.service) && typeof input.accountId === 'string') {
    return {
      kind: 'guardduty',
      event: {
        version: '0',
        id: `replay-${textAt(input, 'id') ?? 'finding'}`,
        'detail-type': 'GuardDuty Finding',
        source: 'aws.guardduty',
        account: input.accountId,
        time: textAt(input, 'updatedAt') ?? '',
        region: textAt(input, 'region') ?? '',
        resources: [],
        detail: input,
      },
    };
  }
  throw new UnreadableEventError(
    'event: not a CloudTrail record (eventName, eventSource), an EventBridge event (detail-type, source, detail), a GuardDuty finding (schemaVersion, type, service, accountId) or a Config invocation (configRuleName, invokingEvent)',
  );
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

export interface ReplayMatch {
  readonly stack: string;
  readonly mode: 'standalone' | 'hub';
  /** The rule (EventBridge) or Config rule that takes the event. */
  readonly rule: string;
  readonly functionName: string | undefined;
  readonly handler: string | undefined;
  /** The alert the function would send, or why it cannot be told without AWS. */
  readonly alert: FormattedAlert | { readonly notPreviewed: string };
}

/** The logical id a `${type.id.attr}` reference names. */
function referencedId(reference: unknown, type: string): string | undefined {
  const match = typeof reference === 'string' ? new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(reference) : null;
  return match?.[1];
}

function previewAlert(handler: string | undefined, variables: Record<string, string>, event: Record<string, unknown>): ReplayMatch['alert'] {
  const guardName = variables.POWERTOOLS_SERVICE_NAME ?? handler ?? 'unknown';
  const partition = (variables.ALERT_TOPIC_ARN ?? 'arn:aws').split(':')[1] || 'aws';
  if (handler === 'cloudtrail-alert') {
    return formatAlert(withTamperMarker(describeApiCall(parseApiCallEvent(event), { partition, guardName }), guardName));
  }
  if (handler === 'detections') {
    const environment = readDetectionsEnvironment({ ...variables, ALERT_TOPIC_ARN: variables.ALERT_TOPIC_ARN ?? 'arn:aws:sns:::replay' });
    const detections = environment.detections.map((id) => detectionById(id)).filter((detection): detection is Detection => detection !== undefined);
    const decision = decideDetectionAlert(parseDetectionEvent(event), {
      detections,
      allowList: environment.allowList,
      namePrefix: environment.namePrefix,
      partition,
      guardName,
    });
    return decision.kind === 'alert' ? formatAlert(decision.content) : { notPreviewed: `no alert: ${decision.reason}` };
  }
  return { notPreviewed: `${guardName} acts on what it finds in the account (or reads it) before it reports: its alert cannot be told without AWS` };
}

/** Every rule of every stack of `config` that matches the event, with the alert each would send. */
export function replayEvent(config: GuardsConfig, input: unknown): { kind: EventKind; matches: ReplayMatch[] } {
  const { kind, event } = asEventBridgeEvent(input);
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-replay-'));
  try {
    const stacks = synthesizeGuards(config, { outdir });
    const mode = config.hub ? 'hub' : 'standalone';
    const matches: ReplayMatch[] = [];
    for (const stack of stacks) {
      const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')) as { resource: Resources };
      const functions = json.resource.aws_lambda_function ?? {};
      const functionOf = (reference: unknown) => {
        const id = referencedId(reference, 'aws_lambda_function');
        return id ? functions[id] : undefined;
      };
      const describe = (fn: Record<string, unknown> | undefined, rule: string): ReplayMatch => {
        const handler = fn ? path.basename(String(fn.filename ?? ''), '.zip') || undefined : undefined;
        const variables = ((fn?.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {}) as Record<string, string>;
        return {
          stack: stack.name,
          mode,
          rule,
          functionName: fn ? String(fn.function_name) : undefined,
          handler,
          alert: fn ? previewAlert(handler, variables, event) : { notPreviewed: 'the rule does not invoke a function' },
        };
      };
      if (kind === 'config') {
        for (const rule of Object.values(json.resource.aws_config_config_rule ?? {})) {
          const ruleName = event.configRuleName;
          if (ruleName !== undefined && rule.name !== ruleName) continue;
          const source = rule.source as { source_identifier?: string } | undefined;
          const fn = Object.values(functions).find(
            (candidate) => typeof source?.source_identifier === 'string' && source.source_identifier.includes(String(candidate.function_name)),
          );
          matches.push({
            ...describe(undefined, String(rule.name)),
            functionName: fn ? String(fn.function_name) : undefined,
            alert: { notPreviewed: 'a Config rule reports an evaluation to AWS Config, not an alert' },
          });
        }
        continue;
      }
      const rules = json.resource.aws_cloudwatch_event_rule ?? {};
      for (const [ruleId, rule] of Object.entries(rules)) {
        if (typeof rule.event_pattern !== 'string' || !matchesEventPattern(rule.event_pattern, event)) continue;
        const targets = Object.values(json.resource.aws_cloudwatch_event_target ?? {}).filter(
          (target) => referencedId(target.rule, 'aws_cloudwatch_event_rule') === ruleId,
        );
        if (targets.length === 0) matches.push(describe(undefined, String(rule.name)));
        for (const target of targets) matches.push(describe(functionOf(target.arn), String(rule.name)));
      }
    }
    return { kind, matches };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The report `npm run replay` prints. */
export function formatReplay(result: { kind: EventKind; matches: readonly ReplayMatch[] }): string {
  if (result.matches.length === 0) return `A ${result.kind} event: no guard matches it in any stack of this config.`;
  return [
    `A ${result.kind} event: ${result.matches.length} match(es) (dry run, no AWS call).`,
    ...result.matches.map((match) =>
      [
        '',
        `== ${match.stack} (${match.mode}): rule ${match.rule} -> ${match.functionName ?? 'no function'}${match.handler ? ` (${match.handler})` : ''}`,
        ...('subject' in match.alert ? [`Subject: ${match.alert.subject}`, '', match.alert.message] : [`(${match.alert.notPreviewed})`]),
      ].join('\n'),
    ),
  ].join('\n');
}
