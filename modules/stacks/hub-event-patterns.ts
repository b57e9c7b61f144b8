import { GuardsConfig } from '../config/guards-config';
import { iamChangeEventPattern } from '../iam-change-alert/event-pattern';
import { iamChangeAlertGuardName } from '../iam-change-alert';
import { iamChangeAlertDefaults } from '../iam-change-alert/settings';
import { instanceQuarantineGuardName } from '../instance-quarantine';
import { instanceQuarantineDefaults } from '../instance-quarantine/settings';
import { sgChangeEventPattern } from '../sg-change-alert/event-pattern';
import { sgChangeAlertGuardName } from '../sg-change-alert';
import { sgChangeAlertDefaults } from '../sg-change-alert/settings';
import { regionLockdownGuardName } from '../region-lockdown';
import { memberReconcileRuleName, memberRegionDenyPolicyName } from './hub-names';

/**
 * Which member events each hub guard needs: the spokes forward exactly these (one rule per
 * region, an `$or` of them) and the hub bus routes each guard's to its function. One definition,
 * so forwarding and routing cannot drift apart.
 */
export type EventPattern = Record<string, unknown>;

/** The prefix of the per-instance quarantine alarms; the handler reads the instance from the alarm. */
export function quarantineAlarmPrefix(namePrefix: string): string {
  return `${namePrefix}-quarantine-`;
}

/** The state change of one of the guard's own per-instance alarms (what a spoke's alarm produces). */
export function quarantineAlarmStatePattern(namePrefix: string): EventPattern {
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: { alarmName: [{ prefix: quarantineAlarmPrefix(namePrefix) }], state: { value: ['ALARM'] } },
  };
}

/** GuardDuty findings about an EC2 instance at or above the severity. */
export function guardDutyInstanceFindingPattern(minSeverity: number): EventPattern {
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: { resource: { resourceType: ['Instance'] }, severity: [{ numeric: ['>=', minSeverity] }] },
  };
}

/**
 * The member IAM calls region-lockdown acts on: CreateUser, and DetachUserPolicy of the member's
 * deny policy (by its name: the hub routes every member's, each ARN names its own account).
 * Failed calls changed nothing.
 */
export function regionLockdownCallPatterns(config: GuardsConfig): EventPattern[] {
  const iamCall = (eventNames: string[], requestParameters?: Record<string, unknown>): EventPattern => ({
    source: ['aws.iam'],
    'detail-type': ['AWS API Call via CloudTrail'],
    detail: { eventSource: ['iam.amazonaws.com'], eventName: eventNames, errorCode: [{ exists: false }], ...(requestParameters ? { requestParameters } : {}) },
  });
  return [iamCall(['CreateUser']), iamCall(['DetachUserPolicy'], { policyArn: [{ suffix: `:policy/${memberRegionDenyPolicyName(config)}` }] })];
}

/**
 * A member's reconcile tick: the Scheduled Event of its home-region schedule rule, which targets
 * the hub bus directly (`account` names the member, so the hub reconciles that member only).
 */
export function regionLockdownTickPattern(config: GuardsConfig): EventPattern {
  return {
    source: ['aws.events'],
    'detail-type': ['Scheduled Event'],
    resources: [{ suffix: `:rule/${memberReconcileRuleName(config.name)}` }],
  };
}

export interface HubGuardEvents {
  /** Patterns a member's rule forwards to the hub bus of its region. */
  readonly forwarded: readonly EventPattern[];
  /** Events a member's guard-specific rules deliver to the hub bus, not the one forwarding rule (region-lockdown's calls and ticks). */
  readonly delivered?: readonly EventPattern[];
  /** Patterns the hub matches on its own default bus (organization-wide sources such as GuardDuty's delegated administrator). */
  readonly onHubDefaultBus: readonly EventPattern[];
}

/**
 * The member events of one guard with its merged settings. `isHomeRegion`: IAM delivers its
 * CloudTrail events in the home (global-events) region only.
 */
export function hubGuardEvents(config: GuardsConfig, guardName: string, settings: Record<string, unknown>, isHomeRegion: boolean): HubGuardEvents {
  const hub = config.hub;
  switch (guardName) {
    case instanceQuarantineGuardName: {
      const merged = { ...instanceQuarantineDefaults, ...settings };
      const findings = merged.guardDutyTrigger ? [guardDutyInstanceFindingPattern(merged.guardDutyMinSeverity)] : [];
      const delegated = hub?.guardDuty === 'delegated-admin';
      return {
        forwarded: [...(merged.alarmTrigger ? [quarantineAlarmStatePattern(config.name)] : []), ...(delegated ? [] : findings)],
        onHubDefaultBus: delegated ? findings : [],
      };
    }
    case sgChangeAlertGuardName: {
      const merged = { ...sgChangeAlertDefaults, ...settings };
      return { forwarded: [sgChangeEventPattern(merged.eventNames)], onHubDefaultBus: [] };
    }
    case iamChangeAlertGuardName: {
      const merged = { ...iamChangeAlertDefaults, ...settings };
      return { forwarded: merged.detailedAlert && isHomeRegion ? [iamChangeEventPattern(merged.eventNames)] : [], onHubDefaultBus: [] };
    }
    case regionLockdownGuardName:
      // IAM is global: its calls and the member's tick come from the home region only, each
      // through a rule of the guard's own (the member's forwarding rule is near the size limit).
      return isHomeRegion
        ? { forwarded: [], delivered: [...regionLockdownCallPatterns(config), regionLockdownTickPattern(config)], onHubDefaultBus: [] }
        : { forwarded: [], onHubDefaultBus: [] };
    default:
      // signin-alert reads the organization trail in the hub: nothing to forward.
      return { forwarded: [], onHubDefaultBus: [] };
  }
}

/** One pattern for several: `$or` keeps a member region at one rule and one target. */
export function anyOf(patterns: readonly EventPattern[]): EventPattern {
  if (patterns.length === 0) throw new Error('anyOf: no pattern');
  return patterns.length === 1 ? patterns[0] : { $or: [...patterns] };
}
