import type { FormattedAlert } from '../common/alert-format';
import { UntrustedFact, untrustedLine } from '../common/untrusted-text';
import { PriorState } from './decision';
import { StepResult } from './step-results';

export type ReportKind =
  | 'contained'
  | 'incomplete'
  | 'dry-run'
  | 'exempt'
  | 'refused'
  | 'rate-limited'
  | 'notify-only'
  | 'sample'
  | 'awaiting-approval'
  | 'released'
  | 'release-incomplete'
  | 'release-refused';

export interface Report {
  readonly kind: ReportKind;
  readonly instanceId: string;
  readonly accountId: string;
  /** The account's name, where the function knows it (hub mode). */
  readonly accountName?: string;
  readonly region: string;
  /** What raised it: alarm, fleet, guardduty, manual, release. */
  readonly trigger: string;
  readonly reason: string;
  readonly at: string;
  readonly steps: readonly StepResult[];
  readonly priorState?: PriorState;
  /** Text the trigger's writer chose: labelled as untrusted and escaped in the body. */
  readonly untrusted?: readonly UntrustedFact[];
  /** awaiting-approval: the command that approves (quarantines). */
  readonly approveCommand?: string;
}

const headlines: Record<ReportKind, string> = {
  contained: 'QUARANTINED',
  incomplete: 'QUARANTINE INCOMPLETE',
  'dry-run': 'DRY RUN: would quarantine',
  exempt: 'EXEMPT, not quarantined',
  refused: 'REFUSED: unverified trigger',
  'rate-limited': 'RATE LIMIT: not quarantined',
  'notify-only': 'GUARDDUTY FINDING, not acted on',
  sample: 'SAMPLE FINDING skipped',
  'awaiting-approval': 'APPROVAL NEEDED to quarantine',
  released: 'RELEASED',
  'release-incomplete': 'RELEASE INCOMPLETE',
  'release-refused': 'RELEASE REFUSED: not approved',
};

/** SNS subjects: at most 100 printable ASCII characters, no line breaks. */
export function snsSubject(text: string): string {
  const printable = text
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return printable.length <= 100 ? printable : `${printable.slice(0, 97)}...`;
}

/** The report a person reads first: what happened to which instance, step by step, and how to undo it. */
export function formatReport(report: Report): FormattedAlert {
  const account = report.accountName ? `${report.accountId} (${report.accountName})` : report.accountId;
  const subject = snsSubject(`[${headlines[report.kind]}] ${report.instanceId} in ${account}/${report.region} (${report.trigger})`);
  const lines = [
    `${headlines[report.kind]}: EC2 instance ${report.instanceId}`,
    `Account ${account}, region ${report.region}, at ${report.at}`,
    `Trigger: ${report.trigger}`,
    `Reason: ${report.reason}`,
    ...(report.untrusted ?? []).map(untrustedLine),
    '',
    'Steps:',
    ...report.steps.map((step) => `  [${step.status.toUpperCase()}] ${step.step}: ${step.detail}`),
  ];
  const failed = report.steps.filter((step) => step.status === 'failed');
  if (failed.length > 0) {
    lines.push('', `${failed.length} step(s) FAILED. The function retries; check the instance by hand now.`);
  }
  if (report.priorState) {
    lines.push('', 'State before the quarantine (recorded in the state table):');
    for (const [eni, groups] of Object.entries(report.priorState.groupsByInterface)) lines.push(`  ${eni}: ${groups.join(', ') || '(no groups)'}`);
    lines.push(`  instance profile: ${report.priorState.instanceProfileArn ?? '(none)'}`);
  }
  if (report.approveCommand) {
    lines.push(
      '',
      'Nothing was changed. To quarantine the instance, an on-call engineer who may invoke the quarantine function runs:',
      `  ${report.approveCommand}`,
    );
  }
  if (report.kind === 'contained' || report.kind === 'incomplete') {
    lines.push(
      '',
      `Release: an approver (guards.instanceQuarantine.releaseApprovers) writes an approval to the state table, then invokes the release function (<prefix>-instance-quarantine-release) with {"instanceId": "${report.instanceId}"} (README of the guard, "Releasing an instance").`,
    );
  }
  if (report.kind === 'released') {
    lines.push('', 'Kept: termination protection, the Auto Scaling and load-balancer removal, and the forensic snapshots.');
    if (report.priorState?.instanceProfileArn) {
      lines.push(
        `Not restored: the instance profile. Re-associate it yourself if the instance is trusted again: aws ec2 associate-iam-instance-profile --instance-id ${report.instanceId} --iam-instance-profile Arn=${report.priorState.instanceProfileArn}`,
        '(the guard cannot: that needs iam:PassRole on any role, which would let a taken-over guard hand out any role)',
      );
    }
  }
  lines.push('', `Console: https://${report.region}.console.aws.amazon.com/ec2/home?region=${report.region}#InstanceDetails:instanceId=${report.instanceId}`);
  return { subject, message: lines.join('\n') };
}
