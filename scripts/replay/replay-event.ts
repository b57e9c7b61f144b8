/**
 * Replays one event against a guards config, locally and without any AWS call: which EventBridge
 * rules, alarm subscriptions, log subscriptions and Config rules of which stacks (synthesized from
 * the config, as `npm run synth` would) take it, which function each invokes, and what that
 * function would do (scripts/replay/guard-previews.ts: the handler's own adapter, decision and
 * format code). See `npm run replay` and `npx guards replay`.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isObject, textAt } from '../../handlers/common/cloudtrail-record';
import type { GuardsConfig } from '../../modules/config/guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { matchesEventPattern } from './event-pattern-matcher';
import { Preview, configRulePreview, previewFunction } from './guard-previews';
import { handlerOfFunction } from './function-handler';
import { matchesLogFilter } from './log-filter-matcher';

export class UnreadableEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

export type EventKind = 'eventbridge' | 'cloudtrail' | 'guardduty' | 'config' | 'alarm';

/** The event as the guards receive it: the EventBridge form the rules see, and where it has one, the SNS delivery or the trail's log record. */
export interface ReplayInput {
  readonly kind: EventKind;
  readonly event: Record<string, unknown>;
  /** A CloudWatch alarm notification delivered by SNS (what a standalone alarm's topic subscription gets). */
  readonly snsAlarm?: { readonly delivery: Record<string, unknown>; readonly alarm: Record<string, unknown> };
  /** A CloudTrail record as the trail writes it to its log group (what a log subscription reads). */
  readonly logRecord?: Record<string, unknown>;
}

const expected =
  'a CloudTrail record (eventName, eventSource), an EventBridge event (detail-type, source, detail), a GuardDuty finding (schemaVersion, type, service, accountId), an SNS-delivered CloudWatch alarm (Records[].Sns.Message) or a Config invocation (configRuleName, invokingEvent)';

/** An SNS delivery of a CloudWatch alarm, as EventBridge would carry the same state change. */
function alarmInput(delivery: Record<string, unknown>, record: unknown): ReplayInput {
  const message = isObject(record) && isObject(record.Sns) ? record.Sns.Message : undefined;
  let alarm: unknown;
  try {
    alarm = typeof message === 'string' ? JSON.parse(message) : undefined;
  } catch {
    alarm = undefined;
  }
  if (!isObject(alarm) || typeof alarm.AlarmName !== 'string') {
    throw new UnreadableEventError('event.Records[0].Sns.Message: not a CloudWatch alarm notification (a JSON text with AlarmName)');
  }
  const alarmArn = textAt(alarm, 'AlarmArn') ?? '';
  return {
    kind: 'alarm',
    event: {
      version: '0',
      id: `replay-${alarm.AlarmName}`,
      'detail-type': 'CloudWatch Alarm State Change',
      source: 'aws.cloudwatch',
      account: textAt(alarm, 'AWSAccountId') ?? alarmArn.split(':')[4] ?? '',
      time: textAt(alarm, 'StateChangeTime') ?? '',
      region: alarmArn.split(':')[3] ?? '',
      resources: alarmArn ? [alarmArn] : [],
      detail: {
        alarmName: alarm.AlarmName,
        state: { value: alarm.NewStateValue, reason: alarm.NewStateReason },
        previousState: { value: alarm.OldStateValue },
      },
    },
    snsAlarm: { delivery, alarm },
  };
}

/** What the file held, in the forms the guards receive it. */
export function readReplayInput(input: unknown): ReplayInput {
  if (Array.isArray(input)) {
    if (input.length !== 1) throw new UnreadableEventError(`event: a list of ${input.length} events; replay one at a time`);
    return readReplayInput(input[0]);
  }
  if (!isObject(input)) throw new UnreadableEventError(`event: not a JSON object (expected ${expected})`);
  const records = input.Records;
  if (Array.isArray(records)) {
    if (records.length !== 1) throw new UnreadableEventError(`event.Records: holds ${records.length} records; replay one at a time`);
    if (isObject(records[0]) && isObject(records[0].Sns)) return alarmInput(input, records[0]);
    return readReplayInput(records[0]);
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
      logRecord: input,
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
  throw new UnreadableEventError(`event: not ${expected}`);
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

export interface ReplayMatch {
  readonly stack: string;
  readonly mode: 'standalone' | 'hub';
  /** What takes the event: an EventBridge rule, an alarm's topic subscription, a log subscription filter or a Config rule. */
  readonly via: 'rule' | 'alarm' | 'log subscription' | 'config rule';
  /** Its name. */
  readonly rule: string;
  readonly functionName: string | undefined;
  readonly handler: string | undefined;
  /** What the function would do: the alert, the action, the evaluation, or why it cannot be told without AWS. */
  readonly preview: Preview;
}

export interface ReplayResult {
  readonly kind: EventKind;
  readonly matches: ReplayMatch[];
  /** Said when the event's region is none of the config's. */
  readonly note?: string;
}

/** The logical id a `${type.id.attr}` reference names. */
function referencedId(reference: unknown, type: string): string | undefined {
  const match = typeof reference === 'string' ? new RegExp(`\\$\\{${type}\\.([^.}]+)\\.`).exec(reference) : null;
  return match?.[1];
}

/**
 * Text of a synthesized resource (a function's variable, a log group name) with the Terraform references it holds written as AWS will know them
 * (`${aws_iam_policy.x.arn}` -> the policy's ARN), from the stack's own resources: the handlers'
 * readers check the ARNs they are given. A reference it cannot resolve stays as it is.
 */
function resolvedText(text: string, resources: Resources, where: { readonly partition: string; readonly accountId: string; readonly region: string }): string {
  const resolve = (type: string, id: string, attribute: string): string | undefined => {
    const resource = resources[type]?.[id];
    if (!resource) return undefined;
    const name = typeof resource.name === 'string' ? resource.name : undefined;
    if (attribute === 'name' && name) return name;
    if (attribute !== 'arn' || !name) return undefined;
    if (type === 'aws_iam_policy') return `arn:${where.partition}:iam::${where.accountId}:policy${String(resource.path ?? '/')}${name}`;
    if (type === 'aws_sns_topic') return `arn:${where.partition}:sns:${where.region}:${where.accountId}:${name}`;
    return undefined;
  };
  return text.replace(
    /\$\{(aws_[a-z0-9_]+)\.([^.}]+)\.([a-z_]+)\}/g,
    (reference, type: string, id: string, attribute: string) => resolve(type, id, attribute) ?? reference,
  );
}

/** Whether an SNS subscription's filter policy (on the message body: `{"AlarmName": [...]}`) lets the alarm through. */
function filterPolicyPasses(filterPolicy: unknown, alarm: Record<string, unknown>): boolean {
  if (typeof filterPolicy !== 'string') return true;
  const policy = JSON.parse(filterPolicy) as Record<string, unknown>;
  return Object.entries(policy).every(([key, allowed]) => Array.isArray(allowed) && allowed.includes(alarm[key]));
}

/** A Config rule's name as its invocation carries it: the rule's own, or a member's copy of an organization rule (`OrgConfigRule-<name>-<suffix>`). */
function invokedRule(ruleName: string, invoked: unknown): boolean {
  return invoked === undefined || invoked === ruleName || (typeof invoked === 'string' && invoked.startsWith(`OrgConfigRule-${ruleName}-`));
}

/** Every rule, subscription and Config rule of every stack of `config` that takes the event, with what each function would do. */
export function replayEvent(config: GuardsConfig, input: unknown): ReplayResult {
  const replay = readReplayInput(input);
  const { kind, event } = replay;
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-replay-'));
  try {
    const stacks = synthesizeGuards(config, { outdir }).map((summary) => {
      const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', summary.name, 'cdk.tf.json'), 'utf8')) as {
        resource: Resources;
        provider: { aws: { alias?: string; region?: string; allowed_account_ids?: string[] }[] };
      };
      const provider = json.provider.aws.find((each) => each.alias === undefined) ?? json.provider.aws[0];
      return { name: summary.name, json, where: { partition: 'aws', accountId: provider?.allowed_account_ids?.[0] ?? '', region: provider?.region ?? '' } };
    });
    const mode = config.hub ? 'hub' : 'standalone';
    const matches: ReplayMatch[] = [];
    // A bus, a log group and a Config rule see the events of their own region only (a member forwards to
    // the hub bus of the same region). An event from a region the config does not cover is replayed in every stack.
    const regionOf = (stack: (typeof stacks)[number]) => stack.where.region;
    const eventRegion = typeof event.region === 'string' && event.region !== '' ? event.region : undefined;
    const covered = eventRegion !== undefined && stacks.some((stack) => regionOf(stack) === eventRegion);
    const note = eventRegion && !covered ? `the event's region ${eventRegion} is none of the config's: replayed as if it happened in each` : undefined;
    for (const stack of stacks) {
      if (covered && regionOf(stack) !== eventRegion) continue;
      const { json, where } = stack;
      const resources = (type: string) => Object.entries(json.resource[type] ?? {});
      const functions = json.resource.aws_lambda_function ?? {};
      const functionOf = (reference: unknown) => {
        const id = referencedId(reference, 'aws_lambda_function');
        return id ? functions[id] : undefined;
      };
      const handlerOf = (fn: Record<string, unknown> | undefined) => (fn ? handlerOfFunction(fn) : undefined);
      const resolved = (text: unknown) => resolvedText(String(text), json.resource, where);
      const variablesOf = (fn: Record<string, unknown> | undefined) =>
        Object.fromEntries(
          Object.entries((fn?.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {}).map(([key, value]) => [
            key,
            resolved(value),
          ]),
        );
      const match = (via: ReplayMatch['via'], rule: string, fn: Record<string, unknown> | undefined, preview: (handler: string | undefined) => Preview) => {
        const handler = handlerOf(fn);
        matches.push({
          stack: stack.name,
          mode,
          via,
          rule,
          functionName: fn ? String(fn.function_name) : undefined,
          handler,
          preview: fn ? preview(handler) : { kind: 'not-previewed', reason: 'it invokes no function' },
        });
      };

      if (kind === 'config') {
        for (const type of ['aws_config_config_rule', 'aws_config_organization_custom_rule']) {
          for (const [, rule] of resources(type)) {
            if (!invokedRule(String(rule.name), event.configRuleName)) continue;
            const source = rule.source as { source_identifier?: string } | undefined;
            const identifier = source?.source_identifier ?? rule.lambda_function_arn;
            // The function by reference, or by the name in a literal ARN.
            const ruleFunction =
              functionOf(identifier) ??
              Object.values(functions).find(
                (candidate) => typeof identifier === 'string' && identifier.endsWith(`:function:${String(candidate.function_name)}`),
              );
            match('config rule', String(rule.name), ruleFunction, (handler) =>
              configRulePreview(variablesOf(ruleFunction).POWERTOOLS_SERVICE_NAME ?? handler ?? '', rule.input_parameters as string | undefined, event),
            );
          }
        }
        continue;
      }

      for (const [ruleId, rule] of resources('aws_cloudwatch_event_rule')) {
        if (typeof rule.event_pattern !== 'string' || !matchesEventPattern(rule.event_pattern, event)) continue;
        const targets = resources('aws_cloudwatch_event_target').filter(([, target]) => referencedId(target.rule, 'aws_cloudwatch_event_rule') === ruleId);
        if (targets.length === 0) match('rule', String(rule.name), undefined, () => ({ kind: 'not-previewed', reason: '' }));
        for (const [, target] of targets) {
          const fn = functionOf(target.arn);
          match('rule', String(rule.name), fn, (handler) => previewFunction(handler, variablesOf(fn), event, replay.logRecord));
        }
      }

      // An alarm of the stack publishes to its actions' topics; a function subscribed to one (the classic quarantine flow) gets the SNS delivery.
      if (replay.snsAlarm) {
        const { alarm, delivery } = replay.snsAlarm;
        for (const [, metricAlarm] of resources('aws_cloudwatch_metric_alarm')) {
          if (metricAlarm.alarm_name !== alarm.AlarmName) continue;
          const topics = new Set(((metricAlarm.alarm_actions as unknown[] | undefined) ?? []).map((action) => referencedId(action, 'aws_sns_topic')));
          for (const [, subscription] of resources('aws_sns_topic_subscription')) {
            if (subscription.protocol !== 'lambda' || !topics.has(referencedId(subscription.topic_arn, 'aws_sns_topic'))) continue;
            if (!filterPolicyPasses(subscription.filter_policy, alarm)) continue;
            const fn = functionOf(subscription.endpoint);
            match('alarm', String(alarm.AlarmName), fn, (handler) => previewFunction(handler, variablesOf(fn), delivery));
          }
        }
      }

      // A trail's log group delivers the record to the log subscriptions whose filter matches it (the sign-in alert).
      if (replay.logRecord) {
        for (const [, filter] of resources('aws_cloudwatch_log_subscription_filter')) {
          // The trail's subscriptions filter its JSON records with JSON patterns; a plain-text pattern is an application log's (the fleet flow).
          const pattern = typeof filter.filter_pattern === 'string' ? filter.filter_pattern.trim() : '';
          if (!pattern.startsWith('{') || !matchesLogFilter(pattern, replay.logRecord)) continue;
          const fn = functionOf(filter.destination_arn);
          match('log subscription', `${String(filter.name)} (log group ${resolved(filter.log_group_name)})`, fn, (handler) =>
            previewFunction(handler, variablesOf(fn), event, replay.logRecord),
          );
        }
      }
    }
    return { kind, matches, ...(note ? { note } : {}) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function previewLines(preview: Preview): string[] {
  switch (preview.kind) {
    case 'alert':
      return [`Subject: ${preview.alert.subject}`, '', preview.alert.message];
    case 'action':
      return [preview.action];
    case 'evaluation':
      return [`Evaluation: ${preview.compliance} ${preview.resourceType} ${preview.resourceId}: ${preview.annotation}`];
    case 'not-previewed':
      return [`(${preview.reason})`];
  }
}

/** The report the replay prints. */
export function formatReplay(result: ReplayResult): string {
  const note = result.note ? ` (${result.note})` : '';
  if (result.matches.length === 0) return `A ${result.kind} event: no guard matches it in any stack of this config${note}.`;
  return [
    `A ${result.kind} event: ${result.matches.length} match(es) (dry run, no AWS call)${note}.`,
    ...result.matches.map((match) =>
      [
        '',
        `== ${match.stack} (${match.mode}): ${match.via} ${match.rule} -> ${match.functionName ?? 'no function'}${match.handler ? ` (${match.handler})` : ''}`,
        ...previewLines(match.preview),
      ].join('\n'),
    ),
  ].join('\n');
}
