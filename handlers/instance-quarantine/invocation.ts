import type { EventTarget } from '../common/member-account-names';
import type { UntrustedFact } from '../common/untrusted-text';
import type { GuardDutyGates } from './guardduty-gates';

/*
 * The shapes the event adapters (events.ts, alarm-state-event.ts) produce, in a file of their own so
 * that the adapters need not import each other.
 */

/** What raised the quarantine, recorded on the instance and in the report. */
export type QuarantineTrigger = 'alarm' | 'fleet' | 'guardduty' | 'manual';

/** What one invocation asks for, once the event has been read. */
export type Invocation =
  | {
      readonly kind: 'quarantine';
      readonly instanceId: string;
      readonly trigger: QuarantineTrigger;
      readonly reason: string;
      readonly dryRun?: boolean;
      /** Alarm flow: the alarm the notification names, checked against CloudWatch before acting. */
      readonly alarmName?: string;
      /** Hub mode: the member account and region to act in. Absent: the function's own. */
      readonly target?: EventTarget;
      /** The source event's id, for the STS session name. */
      readonly eventId?: string;
      /**
       * Stolen instance credentials: the role GuardDuty saw the stolen session of. Its
       * instance-delivered sessions are revoked even when the instance no longer has its profile.
       */
      readonly revokeRoleNames?: readonly string[];
      /** Text the trigger's writer chose (an alarm's state reason, a manual reason): shown labelled and escaped, never trusted. */
      readonly untrusted?: readonly UntrustedFact[];
    }
  | { readonly kind: 'ignore'; readonly eventKind: string; readonly reason: string }
  /** Nothing is done; a person is told (a notify-only or sample finding, a refused trigger). */
  | {
      readonly kind: 'notify';
      readonly notice: NoticeKind;
      readonly instanceId: string;
      readonly trigger: QuarantineTrigger;
      readonly reason: string;
      readonly target?: EventTarget;
    }
  /** A finding of an approval-required type: recorded as pending, and a person is asked. */
  | {
      readonly kind: 'await-approval';
      readonly instanceId: string;
      readonly trigger: 'guardduty';
      readonly reason: string;
      readonly target?: EventTarget;
      readonly eventId?: string;
    };

/** Why a trigger only alerts: its type only notifies, it is GuardDuty's sample, or it was refused. */
export type NoticeKind = 'notify-only' | 'sample' | 'refused';

export interface AdapterSettings {
  /** Matching log lines in one delivery batch that quarantine (fleet flow). */
  readonly fleetThreshold: number;
  readonly guardDutyMinSeverity: number;
  /** Alarms of this guard start with it; others reaching the function are ignored. */
  readonly alarmNamePrefix?: string;
  /** Which finding types act, wait for approval or only alert. */
  readonly guardDutyGates: GuardDutyGates;
  /** The function's own account: a finding on its own bus may name a member (delegated administrator). */
  readonly ownAccountId: string;
}
