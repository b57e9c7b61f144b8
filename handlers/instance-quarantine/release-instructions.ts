/**
 * What a person needs to undo a quarantine from its alert, in one place for both functions: the
 * exact command an approver runs to write the release approval (the release function prints the
 * same one when it refuses), the command that runs the release, and the dry-run plan of what the
 * release will undo, read from the quarantine's state record. Pure: no AWS call.
 */
import { releaseApproval, stateTableKeys } from './contract';
import type { QuarantineRecord } from './decision';
import { StateScope, releaseApprovalKey } from './state-record';
import type { StepResult } from './step-results';

/** The put-item an approver (guards.instanceQuarantine.releaseApprovers) runs; only approvers may write the key. */
export function releaseApprovalCommand(tableName: string, instanceId: string, scope?: StateScope): string {
  const approvalKey = releaseApprovalKey(instanceId, scope)[stateTableKeys.partitionKey].S ?? '';
  return (
    `aws dynamodb put-item --table-name ${tableName} --item '{"${stateTableKeys.partitionKey}": {"S": "${approvalKey}"}, ` +
    `"${releaseApproval.approvedByAttribute}": {"S": "<approver ARN>"}, "${releaseApproval.approvedAtAttribute}": {"S": "<now, UTC, e.g. 2026-01-31T12:00:00Z>"}}'`
  );
}

/** The invocation that runs the release (in the region of the release function). */
export function releaseInvokeCommand(releaseFunctionName: string, region: string, instanceId: string): string {
  return `aws lambda invoke --region ${region} --function-name ${releaseFunctionName} --cli-binary-format raw-in-base64-out --payload '{"instanceId": "${instanceId}"}' release-result.json`;
}

/** The steps of a release, for a dry run: what the release function will restore from the record. */
export function plannedReleaseSteps(record: QuarantineRecord): StepResult[] {
  return [
    {
      step: 'restore-security-groups',
      status: 'planned',
      detail:
        Object.entries(record.groupsByInterface)
          .map(([eni, groups]) => `${eni} -> ${groups.join(', ')}`)
          .join('; ') || 'no interface recorded',
    },
    {
      step: 'remove-network-acl-denies',
      status: 'planned',
      detail:
        (record.networkAclEntries ?? [])
          .map((entry) => `${entry.networkAclId} ${entry.egress ? 'outbound' : 'inbound'} #${entry.ruleNumber} ${entry.cidr}`)
          .join(', ') || 'none added',
    },
    {
      step: 'lift-credential-revocation',
      status: 'planned',
      detail:
        record.revokedRoleNames.length > 0 ? `detach the deny from ${record.revokedRoleNames.join(', ')} unless another quarantine needs it` : 'none attached',
    },
    {
      step: 'instance-profile',
      status: 'planned',
      detail: record.instanceProfileArn ? `not re-associated: ${record.instanceProfileArn} is for an operator to re-associate` : 'none was associated',
    },
    { step: 'remove-quarantine-tags', status: 'planned', detail: "remove the guard's tags" },
    { step: 'forget-record', status: 'planned', detail: 'delete the record from the state table' },
  ];
}

export interface ReleaseInstructions {
  /** The lines the alert adds (e-mail and chat). */
  readonly lines: readonly string[];
  /** The two commands, in order, for the chat message's next steps. */
  readonly nextSteps: readonly string[];
}

/** The instructions of a quarantine alert. Without the release function's name (hub mode), the invoke names it by its pattern. */
export function releaseInstructions(
  record: QuarantineRecord,
  where: { tableName: string; region: string; releaseFunctionName?: string | undefined; scope?: StateScope | undefined },
): ReleaseInstructions {
  const approve = releaseApprovalCommand(where.tableName, record.instanceId, where.scope);
  const invoke = releaseInvokeCommand(where.releaseFunctionName ?? '<prefix>-instance-quarantine-release', where.region, record.instanceId);
  return {
    lines: [
      'To release (an approver of guards.instanceQuarantine.releaseApprovers):',
      `  1. approve: ${approve}`,
      `  2. release: ${invoke}`,
      'The release will undo (dry run from the state record):',
      ...plannedReleaseSteps(record).map((step) => `  [PLANNED] ${step.step}: ${step.detail}`),
    ],
    nextSteps: [`Approve (an approver): ${approve}`, `Release: ${invoke}`],
  };
}
