import { InvalidConfigEventError, InvalidRuleParametersError } from './config-rule-errors';
import { ConfigurationItem, configurationItemFromEvent } from './configuration-item';

/** The payload AWS Config invokes a custom Lambda rule with (`@types/aws-lambda` has none). */
export interface ConfigRuleEvent {
  /** JSON text: a configuration item, an oversized item's summary, or a scheduled notification. */
  readonly invokingEvent: string;
  /** JSON text of the rule's input parameters. */
  readonly ruleParameters?: string;
  readonly resultToken: string;
  readonly eventLeftScope?: boolean;
  readonly configRuleName: string;
  readonly configRuleArn?: string;
  readonly accountId?: string;
}

interface InvocationBasics {
  readonly ruleName: string;
  readonly resultToken: string;
  readonly ruleParameters: Readonly<Record<string, unknown>>;
  /** The account whose resources are evaluated (`accountId` of the event); organization rules need it. */
  readonly accountId?: string;
  /** The invoking rule's ARN: hub mode checks it names a served member (invocation-origin.ts). */
  readonly configRuleArn?: string;
}

/** A resource changed; its configuration item came with the event. */
export interface ChangeInvocation extends InvocationBasics {
  readonly kind: 'change';
  readonly item: ConfigurationItem;
  /** The resource left the rule's scope (e.g. a tag change): the rule no longer applies to it. */
  readonly eventLeftScope: boolean;
}

/** A resource changed; its item was too large for the event and must be read from Config. */
export interface OversizedChangeInvocation extends InvocationBasics {
  readonly kind: 'oversized';
  readonly resourceType: string;
  readonly resourceId: string;
  readonly status: string;
  readonly captureTime: Date;
  readonly eventLeftScope: boolean;
}

/** The periodic run: evaluate every resource. */
export interface ScheduledInvocation extends InvocationBasics {
  readonly kind: 'scheduled';
  readonly notificationTime: Date;
}

export type ConfigRuleInvocation = ChangeInvocation | OversizedChangeInvocation | ScheduledInvocation;

/**
 * A well-formed invocation of a message type the rule does not evaluate (Config may add types, and
 * a rule's trigger settings decide which arrive): nothing to evaluate, nothing to retry.
 */
export interface IgnoredConfigMessage {
  readonly kind: 'ignored';
  readonly ruleName: string;
  readonly messageType: string;
}

type Loose = Record<string, unknown>;
const isRecord = (value: unknown): value is Loose => value !== null && typeof value === 'object' && !Array.isArray(value);

function requiredText(record: Loose, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value === '') throw new InvalidConfigEventError(`${where}.${field} is missing or not text`);
  return value;
}

function parseJsonObject(text: unknown, field: string, onError: (message: string) => Error): Loose {
  if (text === undefined || text === null || text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(text));
  } catch {
    throw onError(`${field} is not JSON: ${String(text).slice(0, 80)}`);
  }
  if (!isRecord(parsed)) throw onError(`${field} must be a JSON object`);
  return parsed;
}

function dateField(record: Loose, field: string, where: string): Date {
  const date = new Date(requiredText(record, field, where));
  if (Number.isNaN(date.getTime())) throw new InvalidConfigEventError(`${where}.${field} is not a date: ${String(record[field])}`);
  return date;
}

/**
 * Reads an AWS Config rule invocation. Throws {@link InvalidConfigEventError} naming the field
 * when the event is not one, and {@link InvalidRuleParametersError} when its `ruleParameters` is
 * not a JSON object. A message type the rule does not evaluate is returned as ignored.
 */
export function parseConfigRuleEvent(event: unknown): ConfigRuleInvocation | IgnoredConfigMessage {
  if (!isRecord(event)) throw new InvalidConfigEventError('event is not an object: not an AWS Config rule invocation');
  const invokingEvent = parseJsonObject(
    requiredText(event, 'invokingEvent', 'event'),
    'event.invokingEvent',
    (message) => new InvalidConfigEventError(message),
  );
  const basics: InvocationBasics = {
    ruleName: requiredText(event, 'configRuleName', 'event'),
    resultToken: requiredText(event, 'resultToken', 'event'),
    ruleParameters: parseJsonObject(event.ruleParameters, 'ruleParameters', (message) => new InvalidRuleParametersError(message)),
    ...(typeof event.accountId === 'string' && event.accountId !== '' ? { accountId: event.accountId } : {}),
    ...(typeof event.configRuleArn === 'string' && event.configRuleArn !== '' ? { configRuleArn: event.configRuleArn } : {}),
  };
  const eventLeftScope = event.eventLeftScope === true;
  const messageType = invokingEvent.messageType;
  switch (messageType) {
    case 'ConfigurationItemChangeNotification': {
      if (!isRecord(invokingEvent.configurationItem)) throw new InvalidConfigEventError('invokingEvent.configurationItem is missing');
      return { kind: 'change', ...basics, eventLeftScope, item: configurationItemFromEvent(invokingEvent.configurationItem) };
    }
    case 'OversizedConfigurationItemChangeNotification': {
      const summary = invokingEvent.configurationItemSummary;
      if (!isRecord(summary)) throw new InvalidConfigEventError('invokingEvent.configurationItemSummary is missing');
      const where = 'invokingEvent.configurationItemSummary';
      return {
        kind: 'oversized',
        ...basics,
        eventLeftScope,
        resourceType: requiredText(summary, 'resourceType', where),
        resourceId: requiredText(summary, 'resourceId', where),
        status: requiredText(summary, 'configurationItemStatus', where),
        captureTime: dateField(summary, 'configurationItemCaptureTime', where),
      };
    }
    case 'ScheduledNotification':
      return { kind: 'scheduled', ...basics, notificationTime: dateField(invokingEvent, 'notificationCreationTime', 'invokingEvent') };
    default:
      if (typeof messageType !== 'string' || messageType === '') throw new InvalidConfigEventError('invokingEvent.messageType is missing or not text');
      return { kind: 'ignored', ruleName: basics.ruleName, messageType };
  }
}
