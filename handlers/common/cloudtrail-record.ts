import { InvalidEventError } from './errors';

/**
 * A CloudTrail record (the `detail` of an EventBridge CloudTrail event, or one log event of a trail's
 * CloudWatch Logs group), read into the fields the alerts use. Pure: no AWS call.
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A member by name or, failing that, by the same name in another case: CloudTrail writes
 * `principalId`, while hand-edited and re-exported records (e.g. panther-analysis) write `principalid`.
 */
export function member(object: unknown, name: string): unknown {
  if (!isObject(object)) return undefined;
  if (name in object) return object[name];
  const lower = name.toLowerCase();
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? undefined : object[key];
}

/** The member at a path of names, each looked up as {@link member} does. */
export function memberAt(object: unknown, ...names: string[]): unknown {
  return names.reduce<unknown>((current, name) => member(current, name), object);
}

/** A member as text: strings as they are, numbers and booleans written out, anything else undefined. */
export function textAt(object: unknown, ...names: string[]): string | undefined {
  const value = memberAt(object, ...names);
  if (typeof value === 'string') return value.length > 0 ? value : undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A member that is an object, else undefined. */
export function objectAt(object: unknown, ...names: string[]): JsonObject | undefined {
  const value = memberAt(object, ...names);
  return isObject(value) ? value : undefined;
}

/**
 * CloudTrail writes a list in a request as `{items: [...]}`, and a single element of some lists as
 * the element itself; this gives the elements either way (none for anything else).
 */
export function listAt(object: unknown, ...names: string[]): unknown[] {
  const value = memberAt(object, ...names);
  if (Array.isArray(value)) return value;
  if (isObject(value)) {
    const items = member(value, 'items');
    if (Array.isArray(items)) return items;
    if (Object.keys(value).length === 0) return [];
    return items === undefined ? [value] : [];
  }
  return [];
}

export interface CloudTrailRecord {
  readonly eventId: string | undefined;
  readonly eventName: string;
  readonly eventSource: string;
  readonly eventType: string | undefined;
  /** As CloudTrail wrote it; see formatUtcTime. */
  readonly eventTime: string | undefined;
  readonly awsRegion: string | undefined;
  /** The account the event happened in (`recipientAccountId`, else the caller's). */
  readonly accountId: string | undefined;
  readonly sourceIpAddress: string | undefined;
  readonly userAgent: string | undefined;
  /** Set when the call failed, e.g. `AccessDenied`, `Client.InvalidPermission.Duplicate`. */
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly userIdentity: JsonObject;
  readonly requestParameters: JsonObject | undefined;
  readonly responseElements: JsonObject | undefined;
  readonly additionalEventData: JsonObject | undefined;
}

/**
 * Reads a CloudTrail record; `where` names it in errors (e.g. `detail`, `logEvents[2].message`).
 * Only `eventName`, `eventSource` and `userIdentity` are required: an alert with some facts missing
 * is still worth sending.
 */
export function readCloudTrailRecord(value: unknown, where: string, fallback: { region?: string; accountId?: string } = {}): CloudTrailRecord {
  if (!isObject(value)) throw new InvalidEventError(`${where}: not a JSON object (expected a CloudTrail record)`, 'cloudtrail');
  const eventName = textAt(value, 'eventName');
  if (!eventName) throw new InvalidEventError(`${where}.eventName: missing (expected a CloudTrail record)`, 'cloudtrail');
  const eventSource = textAt(value, 'eventSource');
  if (!eventSource) throw new InvalidEventError(`${where}.eventSource: missing (expected a CloudTrail record)`, 'cloudtrail');
  const userIdentity = objectAt(value, 'userIdentity');
  if (!userIdentity) throw new InvalidEventError(`${where}.userIdentity: missing (expected a CloudTrail record)`, 'cloudtrail');
  return {
    eventId: textAt(value, 'eventID'),
    eventName,
    eventSource,
    eventType: textAt(value, 'eventType'),
    eventTime: textAt(value, 'eventTime'),
    awsRegion: textAt(value, 'awsRegion') ?? fallback.region,
    accountId: textAt(value, 'recipientAccountId') ?? textAt(userIdentity, 'accountId') ?? fallback.accountId,
    sourceIpAddress: textAt(value, 'sourceIPAddress'),
    userAgent: textAt(value, 'userAgent'),
    errorCode: textAt(value, 'errorCode'),
    errorMessage: textAt(value, 'errorMessage'),
    userIdentity,
    requestParameters: objectAt(value, 'requestParameters'),
    responseElements: objectAt(value, 'responseElements'),
    additionalEventData: objectAt(value, 'additionalEventData'),
  };
}

/** Compact JSON of a request member (a policy document, a rule list) for one line of the body. */
export function compactJson(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    // IAM writes policy documents URL-encoded or as JSON text; show them as compact JSON.
    const decoded = safeDecodeUri(value);
    try {
      return JSON.stringify(JSON.parse(decoded));
    } catch {
      return decoded;
    }
  }
  return JSON.stringify(value);
}

function safeDecodeUri(text: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** ` in 111122223333`, or nothing when the record names no account. */
export function inAccount(record: CloudTrailRecord): string {
  return record.accountId ? ` in ${record.accountId}` : '';
}
