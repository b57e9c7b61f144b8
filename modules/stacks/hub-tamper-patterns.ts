import type { EventPattern } from '../common/event-pattern';
import type { GuardDefinition } from '../common/guard-definition';
import type { HubConfigView } from '../common/hub-config-view';
import { forwardingRuleName, memberHeartbeatRuleName, tamperForwardingRuleName } from '../common/hub-names';
import { eventPatternLimit } from '../common/tamper-alert';
import { eventBridgeSource, guardSilencingCalls, guardSilencingDetail } from '../common/tamper-events';

/**
 * Tampering with the guards' own resources in a member account, as one EventBridge pattern: what a
 * member's tamper rule forwards to the hub and what the hub's tamper rule alerts on. One definition,
 * so forwarding and alerting cannot drift apart. Failed calls are kept: an attempt on a guard
 * resource (a member trying to stop the organization trail, say) is worth an alert too.
 */
/** A name as EventBridge matches it: exactly, or by prefix (the tamper rules, numbered when split). */
export type NameMatcher = string | { readonly prefix: string };

export interface GuardResourceNames {
  /** The guards' EventBridge rules in every member region (the forwarding and tamper rules). */
  readonly ruleNames: readonly NameMatcher[];
  /** The guards' other rules in a member's home region (from their `memberTamperNames` hooks). */
  readonly homeRuleNames?: readonly string[];
  /**
   * The name prefix of the IAM roles and Terraform-managed policies the guards made in the member
   * (`<prefix>-`: the forwarder, remediation and read-only roles, the revocation and region denies).
   * The guards' IAM namespace, which the tamper SCP reserves: a prefix keeps the pattern within
   * EventBridge's limit however many roles there are. Home region only: IAM delivers its events there.
   */
  readonly iamNamePrefix?: string;
  /** The guards' Config rule name prefixes, when Config guards run in the member (their recorder is watched too). */
  readonly configRulePrefixes?: readonly string[];
  /** Whether trail stops and deletions are watched (the trail that delivers the member's events to EventBridge). */
  readonly trails?: boolean;
  /**
   * The guards' name prefix (`config.name`) for the calls that silence a guard without touching its
   * rules or roles (tamper-events.ts: alarms, queues, log filters, agent parameter, recorder, GuardDuty, replays).
   */
  readonly silencingNamePrefix?: string;
}

const ruleCalls = ['DeleteRule', 'DisableRule', 'PutRule'];
const ruleTargetCalls = ['RemoveTargets', 'PutTargets'];
const roleCalls = [
  'DeleteRole',
  'UpdateAssumeRolePolicy',
  'PutRolePolicy',
  'DeleteRolePolicy',
  'AttachRolePolicy',
  'DetachRolePolicy',
  'PutRolePermissionsBoundary',
  'DeleteRolePermissionsBoundary',
];
/** A new default version replaces a Terraform-managed deny's text; deleting it leaves nothing to attach. */
const policyCalls = ['CreatePolicyVersion', 'SetDefaultPolicyVersion', 'DeletePolicyVersion', 'DeletePolicy'];
const trailCalls = ['StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors'];
const configRuleCalls = ['DeleteConfigRule'];
/** A region has one recorder: stopping it blinds every Config rule there, the guards' included. */
const recorderCalls = ['StopConfigurationRecorder', 'DeleteConfigurationRecorder', 'DeleteDeliveryChannel'];

/** One CloudTrail call pattern: its event source (as EventBridge's `source`) and its `detail`. */
interface TamperCall {
  readonly source: string;
  readonly detail: Record<string, unknown>;
}

/**
 * The calls on the guards' resources in one member region, filtered by the resources' names (never
 * all IAM or EventBridge activity): rule changes by rule name; role and policy changes by the guards'
 * name prefix in the home region; trail stops; the guards' Config rules and the recorder.
 */
function tamperCalls(names: GuardResourceNames, isHomeRegion: boolean): TamperCall[] {
  const calls: TamperCall[] = [];
  const add = (service: string, eventNames: readonly string[], requestParameters?: Record<string, unknown>) =>
    calls.push({
      source: `aws.${service}`,
      detail: { eventSource: [`${service}.amazonaws.com`], eventName: [...eventNames], ...(requestParameters ? { requestParameters } : {}) },
    });
  const ruleNames = [...names.ruleNames, ...(isHomeRegion ? (names.homeRuleNames ?? []) : [])];
  if (ruleNames.length > 0) {
    add('events', ruleCalls, { name: ruleNames });
    add('events', ruleTargetCalls, { rule: ruleNames });
  }
  if (isHomeRegion && names.iamNamePrefix) {
    add('iam', roleCalls, { roleName: [{ prefix: names.iamNamePrefix }] });
    // IAM records the policy by ARN (the member's account; the guards' policies have no path).
    add('iam', policyCalls, { policyArn: [{ wildcard: `arn:*:iam::*:policy/${names.iamNamePrefix}*` }] });
  }
  if (names.trails) add('cloudtrail', trailCalls);
  if ((names.configRulePrefixes ?? []).length > 0) {
    add('config', configRuleCalls, { configRuleName: names.configRulePrefixes!.map((prefix) => ({ prefix })) });
    add('config', recorderCalls);
  }
  // The shared list the standalone tamper alert and the SCPs read: one definition of what silences a guard.
  if (names.silencingNamePrefix) {
    for (const silencing of guardSilencingCalls) {
      calls.push({ source: eventBridgeSource(silencing.eventSource), detail: guardSilencingDetail(silencing, names.silencingNamePrefix) });
    }
  }
  if (calls.length === 0) throw new Error('memberTamperPattern: no guard resource to watch');
  return calls;
}

const apiCallDetailType = 'AWS API Call via CloudTrail';

function patternOf(calls: readonly TamperCall[]): EventPattern {
  return {
    source: [...new Set(calls.map((call) => call.source))],
    'detail-type': [apiCallDetailType],
    detail: calls.length === 1 ? calls[0].detail : { $or: calls.map((call) => call.detail) },
  };
}

/**
 * The calls as few patterns as fit EventBridge's 2,048 characters each (an `$or` in `detail`), in
 * order: one rule per pattern, member side (forwarding) and hub side (alerting) alike. A single
 * call too long for a pattern is a definition error.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html (event pattern size)
 */
export function memberTamperPatternSet(names: GuardResourceNames, isHomeRegion: boolean): EventPattern[] {
  const packs: TamperCall[][] = [];
  for (const call of tamperCalls(names, isHomeRegion)) {
    const last = packs.at(-1);
    if (last && JSON.stringify(patternOf([...last, call])).length <= eventPatternLimit) last.push(call);
    else if (JSON.stringify(patternOf([call])).length <= eventPatternLimit) packs.push([call]);
    else throw new Error(`memberTamperPatternSet: the ${call.source} call pattern alone exceeds ${eventPatternLimit} characters`);
  }
  return packs.map(patternOf);
}

/** The name of the n-th (0-based) rule of a split set: the base name, then `-2`, `-3`... (watched by the base name's prefix). */
export function splitRuleName(baseName: string, index: number): string {
  return index === 0 ? baseName : `${baseName}-${index + 1}`;
}

/** The calls as whole patterns, one per call, to join another rule's top-level `$or` (no `$or` nested in another). */
export function memberTamperPatterns(names: GuardResourceNames, isHomeRegion: boolean): EventPattern[] {
  return tamperCalls(names, isHomeRegion).map((call) => ({ source: [call.source], 'detail-type': [apiCallDetailType], detail: call.detail }));
}

/**
 * The guards' own resources in a member account whose changes are tampering: its forwarding,
 * heartbeat and tamper rules, the rules the guards name in their `memberTamperNames` hook (in every
 * region or in the home region), every role and policy in the guards' IAM namespace (`<prefix>-`: the forwarder,
 * remediation and read-only roles, the revocation and region denies), trails, and with a Config
 * guard the Config guards' rules (AWS Config copies an organization rule into the member as
 * `OrgConfigRule-<name>-<suffix>`) and the recorder they need.
 */
export function memberGuardResourceNames(config: HubConfigView, guards: readonly GuardDefinition[]): GuardResourceNames {
  const guardNames = guards.map((guard) => guard.hubMode?.memberTamperNames(config) ?? {});
  const configRules = guardNames.some((names) => names.configRules === true);
  return {
    // The tamper rules by prefix: split over numbered rules (splitRuleName).
    // The heartbeat rule too: deleting it silences the region's beats, which alerts late; its change alerts at once.
    ruleNames: [
      forwardingRuleName(config.name),
      memberHeartbeatRuleName(config.name),
      { prefix: tamperForwardingRuleName(config.name) },
      ...guardNames.flatMap((names) => names.ruleNames ?? []),
    ],
    homeRuleNames: guardNames.flatMap((names) => names.homeRuleNames ?? []),
    iamNamePrefix: `${config.name}-`,
    configRulePrefixes: configRules ? [`${config.name}-`, `OrgConfigRule-${config.name}-`] : [],
    trails: true,
    silencingNamePrefix: config.name,
  };
}
