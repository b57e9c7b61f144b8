import { InvalidConfigEventError } from './config-rule-errors';

/** The parts of an AWS Config configuration item the rules read, in the invoking event's shape. */
export interface ConfigurationItem {
  readonly resourceType: string;
  readonly resourceId: string;
  readonly resourceName?: string;
  /** `OK`, `ResourceDiscovered`, `ResourceNotRecorded`, `ResourceDeleted`, `ResourceDeletedNotRecorded`. */
  readonly status: string;
  readonly captureTime: Date;
  readonly resourceCreationTime?: Date;
  /** The resource's own description, e.g. a security group's rules; absent once deleted. */
  readonly configuration: unknown;
  readonly tags: Readonly<Record<string, string>>;
}

/** The item as the rule's history API returns it (GetResourceConfigHistory), dates parsed by the SDK. */
export interface HistoryConfigurationItem {
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly resourceName?: string;
  readonly configurationItemStatus?: string;
  readonly configurationItemCaptureTime?: Date;
  readonly resourceCreationTime?: Date;
  /** JSON text, unlike the event's object. */
  readonly configuration?: string;
  readonly tags?: Record<string, string>;
}

type Loose = Record<string, unknown>;

function optionalDate(value: unknown): Date | undefined {
  if (value instanceof Date) return value;
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function textTags(tags: unknown): Record<string, string> {
  if (tags === null || typeof tags !== 'object' || Array.isArray(tags)) return {};
  return Object.fromEntries(Object.entries(tags as Loose).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** From `invokingEvent.configurationItem`; throws naming the field when an identifying one is missing. */
export function configurationItemFromEvent(item: Loose): ConfigurationItem {
  const where = 'invokingEvent.configurationItem';
  for (const field of ['resourceType', 'resourceId', 'configurationItemStatus']) {
    if (typeof item[field] !== 'string' || item[field] === '') throw new InvalidConfigEventError(`${where}.${field} is missing or not text`);
  }
  const captureTime = optionalDate(item.configurationItemCaptureTime);
  if (!captureTime) throw new InvalidConfigEventError(`${where}.configurationItemCaptureTime is missing or not a date`);
  return {
    resourceType: item.resourceType as string,
    resourceId: item.resourceId as string,
    resourceName: typeof item.resourceName === 'string' ? item.resourceName : undefined,
    status: item.configurationItemStatus as string,
    captureTime,
    resourceCreationTime: optionalDate(item.resourceCreationTime),
    configuration: item.configuration ?? undefined,
    tags: textTags(item.tags),
  };
}

/** From GetResourceConfigHistory, whose `configuration` is JSON text. */
export function configurationItemFromHistory(item: HistoryConfigurationItem): ConfigurationItem {
  const where = 'GetResourceConfigHistory configurationItems[0]';
  if (!item.resourceType || !item.resourceId || !item.configurationItemStatus || !item.configurationItemCaptureTime) {
    throw new InvalidConfigEventError(`${where} lacks resourceType, resourceId, configurationItemStatus or configurationItemCaptureTime`);
  }
  let configuration: unknown;
  try {
    configuration = item.configuration ? JSON.parse(item.configuration) : undefined;
  } catch {
    throw new InvalidConfigEventError(`${where}.configuration is not JSON`);
  }
  return {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    resourceName: item.resourceName,
    status: item.configurationItemStatus,
    captureTime: item.configurationItemCaptureTime,
    resourceCreationTime: item.resourceCreationTime,
    configuration,
    tags: textTags(item.tags),
  };
}

/**
 * Why the rule does not apply to the item, or undefined when it does: a deleted or unrecorded
 * resource, or one that left the rule's scope, is NOT_APPLICABLE (as AWS Config asks, so that
 * stale results disappear).
 */
export function inapplicableReason(status: string, eventLeftScope: boolean): string | undefined {
  if (eventLeftScope) return 'left the scope of the rule';
  if (status === 'OK' || status === 'ResourceDiscovered') return undefined;
  if (status === 'ResourceDeleted' || status === 'ResourceDeletedNotRecorded') return 'was deleted';
  return `is not recorded (${status})`;
}
