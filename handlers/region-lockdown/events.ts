/**
 * Reads an invocation of the region-lockdown function: a CloudTrail IAM call delivered by
 * EventBridge (CreateUser, or DetachUserPolicy of one of the guard's deny policies), the
 * reconciliation schedule, or a manual `{"action": "reconcile"}`. Pure: no AWS call.
 */
import { InvalidEventError } from '../common/errors';

/** Why a user is looked at. */
export type UserTrigger = 'user-created' | 'policy-detached';

export type Invocation =
  | {
      readonly kind: 'user';
      readonly userName: string;
      readonly trigger: UserTrigger;
      /** Who made the call, as CloudTrail names them (an ARN where there is one). */
      readonly actor: string;
      readonly eventId: string;
      readonly eventTime: string;
    }
  | { readonly kind: 'reconcile'; readonly trigger: 'schedule' | 'manual' }
  | { readonly kind: 'ignore'; readonly eventKind: string; readonly reason: string };

export interface AdapterSettings {
  /** The guard's deny policy ARNs: detach events about other policies are ignored. */
  readonly policyArns: readonly string[];
}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const triggerOfEvent: Readonly<Record<string, UserTrigger>> = {
  CreateUser: 'user-created',
  DetachUserPolicy: 'policy-detached',
};

export function parseInvocation(event: unknown, settings: AdapterSettings): Invocation {
  if (!isObject(event)) throw new InvalidEventError('event: not a JSON object', 'unknown');
  if (event.source === 'aws.events' && event['detail-type'] === 'Scheduled Event') return { kind: 'reconcile', trigger: 'schedule' };
  if (event.action !== undefined) {
    if (event.action === 'reconcile') return { kind: 'reconcile', trigger: 'manual' };
    throw new InvalidEventError(`action: ${JSON.stringify(event.action)} is not an action of this function (expected "reconcile")`, 'manual');
  }
  if (event.source === 'aws.iam' && event['detail-type'] === 'AWS API Call via CloudTrail') return parseCloudTrailCall(event, settings);
  throw new InvalidEventError(
    'event: not a recognised invocation (expected a CloudTrail IAM call from EventBridge, a Scheduled Event or {"action": "reconcile"})',
    'unknown',
  );
}

function parseCloudTrailCall(event: JsonObject, settings: AdapterSettings): Invocation {
  const eventKind = 'cloudtrail';
  const detail = event.detail;
  if (!isObject(detail)) throw new InvalidEventError('detail: missing (expected a CloudTrail record)', eventKind);
  const eventName = detail.eventName;
  if (typeof eventName !== 'string') throw new InvalidEventError('detail.eventName: missing', eventKind);
  const trigger = triggerOfEvent[eventName];
  if (!trigger) return { kind: 'ignore', eventKind, reason: `${eventName} is not a call this guard acts on` };
  if (detail.errorCode !== undefined && detail.errorCode !== null) {
    return { kind: 'ignore', eventKind, reason: `${eventName} failed (${String(detail.errorCode)}): nothing changed` };
  }
  const parameters = detail.requestParameters;
  if (!isObject(parameters)) throw new InvalidEventError(`detail.requestParameters: missing in ${eventName}`, eventKind);
  const userName = parameters.userName;
  if (typeof userName !== 'string' || userName === '') throw new InvalidEventError(`detail.requestParameters.userName: missing in ${eventName}`, eventKind);
  if (trigger === 'policy-detached' && !settings.policyArns.includes(String(parameters.policyArn))) {
    return {
      kind: 'ignore',
      eventKind,
      reason: `${eventName} of policy ${String(parameters.policyArn)}, not one of the guard's ${settings.policyArns.join(', ')}`,
    };
  }
  const actor = actorOf(detail.userIdentity);
  return {
    kind: 'user',
    userName,
    trigger,
    actor,
    eventId: typeof detail.eventID === 'string' ? detail.eventID : 'unknown',
    eventTime: typeof detail.eventTime === 'string' ? detail.eventTime : 'unknown',
  };
}

function actorOf(identity: unknown): string {
  if (!isObject(identity)) return 'unknown';
  for (const field of ['arn', 'principalId', 'invokedBy', 'type'] as const) {
    const value = identity[field];
    if (typeof value === 'string' && value !== '') return value;
  }
  return 'unknown';
}
