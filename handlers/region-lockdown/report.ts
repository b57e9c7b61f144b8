/**
 * The alerts a person reads: what happened to whose region deny, who did it, what the guard did.
 * Pure formatting; index.ts publishes them to the alert topic.
 */
import type { FormattedAlert } from '../common/alert-format';
import { UserTrigger } from './events';

export type UserOutcome = 'applied' | 'restored' | 'in-place' | 'exempt' | 'user-gone' | 'dry-run' | 'failed';

export interface UserResult {
  readonly kind: 'user';
  readonly userName: string;
  readonly trigger: UserTrigger;
  readonly outcome: UserOutcome;
  readonly reason: string;
}

export interface ReconcileResult {
  readonly kind: 'reconcile';
  readonly usersSeen: number;
  /** Users the deny was attached to (or, in a dry run, would have been). */
  readonly attached: readonly string[];
  readonly exempt: readonly string[];
  readonly inPlace: number;
  readonly failed: readonly { readonly userName: string; readonly problem: string }[];
  readonly dryRun: boolean;
  /** The run stopped before its time ran out, with users left for the next run. */
  readonly stoppedEarly: boolean;
}

export interface AlertContext {
  readonly actor: string;
  readonly eventId: string;
  readonly eventTime: string;
  readonly allowedRegions: readonly string[];
  readonly scope: string;
  /** The guard's deny policy ARNs. */
  readonly policyArns: readonly string[];
}

/** SNS takes subjects of at most 100 characters. */
function subjectOf(text: string): string {
  return text.length <= 100 ? text : `${text.slice(0, 97)}...`;
}

const triggerText: Readonly<Record<UserTrigger, string>> = {
  'user-created': 'created the user',
  'policy-detached': 'detached the region deny',
};

/**
 * The alert about one user, or undefined when there is nothing a person needs to know: a new user
 * that got its deny, or a deny that is already in place, is logged only.
 */
export function userAlert(result: UserResult, context: AlertContext): FormattedAlert | undefined {
  const tampered = result.trigger !== 'user-created';
  const lines = [
    `IAM user: ${result.userName}`,
    `What happened: ${context.actor} ${triggerText[result.trigger]} (${context.policyArns.join(', ')}) at ${context.eventTime}, CloudTrail event ${context.eventId}`,
    `What the guard did: ${result.outcome}: ${result.reason}`,
    `The deny: ${context.scope} outside ${context.allowedRegions.join(', ')}`,
  ];
  const alert = (subject: string, extra: string[] = []): FormattedAlert => ({ subject: subjectOf(subject), message: [...lines, ...extra].join('\n') });
  switch (result.outcome) {
    case 'failed':
      return alert(`Region lockdown NOT applied to IAM user ${result.userName}`, [
        "The user can act in every region until this is fixed. The event waits in the function's failure queue.",
      ]);
    case 'dry-run':
      return alert(`[dry run] Region lockdown would be attached to IAM user ${result.userName}`);
    case 'restored':
      return alert(`Region lockdown restored on IAM user ${result.userName}`, [
        `Check why ${context.actor} removed it: tampering with the deny is what a stolen key does first.`,
      ]);
    case 'exempt':
      return tampered
        ? alert(`Region lockdown removed from exempt IAM user ${result.userName}`, [
            'Not restored, because the user is exempt. If it should not be, remove the exemption: the next reconciliation attaches the deny again.',
          ])
        : undefined;
    default:
      return undefined;
  }
}

/** The reconciliation's alert, or undefined when every user already held the deny or is exempt. */
export function reconcileAlert(result: ReconcileResult, context: Pick<AlertContext, 'allowedRegions' | 'scope' | 'policyArns'>): FormattedAlert | undefined {
  if (result.attached.length === 0 && result.failed.length === 0 && !result.stoppedEarly) return undefined;
  const listed = (names: readonly string[]) => (names.length > 50 ? `${names.slice(0, 50).join(', ')} and ${names.length - 50} more` : names.join(', '));
  const verb = result.dryRun ? 'would attach' : 'attached';
  const lines = [
    `Users seen: ${result.usersSeen}; already holding the deny: ${result.inPlace}; exempt: ${result.exempt.length}`,
    `The guard ${verb} the region deny (${context.policyArns.join(', ')}: ${context.scope} outside ${context.allowedRegions.join(', ')}) to ${result.attached.length} user(s)${result.attached.length > 0 ? `: ${listed(result.attached)}` : ''}`,
    ...(result.stoppedEarly ? ['The run stopped before the function timed out; the users left get the deny at the next run.'] : []),
    ...(result.failed.length > 0
      ? [
          '',
          `FAILED on ${result.failed.length} user(s); they can act in every region until this is fixed:`,
          ...result.failed.map((failure) => `- ${failure.problem}`),
        ]
      : []),
  ];
  const subject =
    result.failed.length > 0
      ? `Region lockdown reconciliation: ${result.failed.length} user(s) FAILED`
      : `${result.dryRun ? '[dry run] ' : ''}Region lockdown reconciliation: ${verb} to ${result.attached.length} user(s)`;
  return { subject: subjectOf(subject), message: lines.join('\n') };
}
