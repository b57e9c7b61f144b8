import type { EventPattern } from './event-pattern';
import { memberHeartbeatRuleName } from './hub-names';

/**
 * A member region's heartbeat on the hub bus: the Scheduled Event of its `<prefix>-heartbeat` rule.
 * EventBridge writes `source`, `account`, `region` and `resources` where the schedule fires, and
 * PutEvents refuses a `source` beginning with `aws.`
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html): a member
 * cannot send a beat of another account. The hub rule matches the rule by name in any member;
 * the function checks that the rule's ARN names the event's own account and region.
 */
export function memberHeartbeatPattern(namePrefix: string): EventPattern {
  return {
    source: ['aws.events'],
    'detail-type': ['Scheduled Event'],
    resources: [{ suffix: `:rule/${memberHeartbeatRuleName(namePrefix)}` }],
  };
}
