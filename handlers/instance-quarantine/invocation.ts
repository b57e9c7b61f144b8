import type { EventTarget } from '../common/member-account-names';

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
    }
  | { readonly kind: 'ignore'; readonly eventKind: string; readonly reason: string };

export interface AdapterSettings {
  /** Matching log lines in one delivery batch that quarantine (fleet flow). */
  readonly fleetThreshold: number;
  readonly guardDutyMinSeverity: number;
  /** Alarms of this guard start with it; others reaching the function are ignored. */
  readonly alarmNamePrefix?: string;
}
