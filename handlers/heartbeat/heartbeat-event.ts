/**
 * Adapter: the two Scheduled Events the heartbeat function receives. A member region's beat is the
 * Scheduled Event of its `<prefix>-heartbeat` rule, forwarded to the hub bus of the region; EventBridge
 * writes its envelope (`account`, `region`, `resources`) where it fires, and a caller of PutEvents
 * cannot send a `source` beginning with `aws.`
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html), so a member
 * can only beat for itself: the hub records the envelope's account and region, never anything from
 * `detail`. The hub's own check rule of the region asks for the check.
 */
import { InvalidEventError } from '../common/errors';

export type HeartbeatInput =
  | { readonly kind: 'beat'; readonly accountId: string; readonly region: string; readonly firedAt: number; readonly eventId: string }
  | { readonly kind: 'check'; readonly eventId: string };

export interface HeartbeatRules {
  readonly memberRuleName: string;
  readonly checkRuleName: string;
  /** The function's own region: a beat is recorded only in the hub region it comes from. */
  readonly region: string;
}

const ruleArnPattern = /^arn:aws[a-z-]*:events:([a-z0-9-]+):(\d{12}):rule\/([.\-_A-Za-z0-9]+)$/;

function invalid(problem: string): never {
  throw new InvalidEventError(problem, 'Scheduled Event');
}

export function parseHeartbeatEvent(event: unknown, rules: HeartbeatRules): HeartbeatInput {
  if (typeof event !== 'object' || event === null) invalid('event: not an object');
  const fields = event as Record<string, unknown>;
  if (fields.source !== 'aws.events') invalid(`event.source: ${JSON.stringify(fields.source)} is not "aws.events"`);
  if (fields['detail-type'] !== 'Scheduled Event') invalid(`event.detail-type: ${JSON.stringify(fields['detail-type'])} is not "Scheduled Event"`);
  const { account, region, resources, time, id } = fields;
  if (typeof account !== 'string' || !/^\d{12}$/.test(account)) invalid(`event.account: ${JSON.stringify(account)} is not an account id`);
  if (typeof region !== 'string' || region === '') invalid(`event.region: ${JSON.stringify(region)} is not a region`);
  const eventId = typeof id === 'string' ? id : '';
  if (!Array.isArray(resources) || resources.length !== 1 || typeof resources[0] !== 'string') {
    invalid(`event.resources: ${JSON.stringify(resources)} does not name exactly one rule`);
  }
  const match = ruleArnPattern.exec(resources[0] as string);
  // The rule that fired is in the account and region of the envelope: anything else was not made by a schedule there.
  if (!match || match[1] !== region || match[2] !== account) {
    invalid(`event.resources: ${JSON.stringify(resources[0])} is not a rule of account ${account} in ${region}`);
  }
  const ruleName = match[3];
  if (ruleName === rules.checkRuleName) return { kind: 'check', eventId };
  if (ruleName !== rules.memberRuleName) invalid(`event.resources: rule ${ruleName} is neither ${rules.memberRuleName} nor ${rules.checkRuleName}`);
  // The forwarder role may put events on every hub region's bus: a beat counts only for the region it fired in.
  if (region !== rules.region) invalid(`event.region: ${region} beat to the hub bus of ${rules.region}`);
  const firedAt = typeof time === 'string' ? Date.parse(time) : Number.NaN;
  if (!Number.isFinite(firedAt)) invalid(`event.time: ${JSON.stringify(time)} is not a time`);
  return { kind: 'beat', accountId: account, region, firedAt, eventId };
}
