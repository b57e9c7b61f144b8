import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { releaseApproval, releaseApproversVariable } from '../instance-quarantine/contract';
import { releaseApprovalCommand } from '../instance-quarantine/release-instructions';
import type { StateScope } from '../instance-quarantine/state-record';

/**
 * Whether a release is approved: a pure judgement of the approval item, the quarantine record's
 * start and the clock. The item's authenticity is the table policy's job (only the configured
 * approvers may write approval keys); this decides whether it is fresh and for this quarantine.
 */
export type ApprovalVerdict =
  { readonly approved: true; readonly approvedBy: string; readonly approvedAt: string } | { readonly approved: false; readonly reason: string };

export interface ApprovalFacts {
  readonly instanceId: string;
  /** The approval item as read (consistent read), or undefined when there is none. */
  readonly item: Record<string, AttributeValue> | undefined;
  /** The approver ARNs the function was deployed with; empty when none is configured. */
  readonly approvers: readonly string[];
  readonly maxAgeMinutes: number;
  /** When the quarantine being released started: an approval older than that was for another one. */
  readonly quarantineStartedAt: string;
  readonly now: Date;
}

/** Clocks differ by seconds; an approval stamped further ahead than this is not believed. */
const allowedClockSkewMs = 5 * 60_000;

/** How a person approves, for the refusal report: the same command as the quarantine alert's. */
export function approvalHowTo(instanceId: string, tableName: string, scope?: StateScope): string {
  return (
    `An approver (guards.instanceQuarantine.releaseApprovers) writes the approval, then the release is invoked again within its maximum age: ` +
    `${releaseApprovalCommand(tableName, instanceId, scope)} (instance ${instanceId})`
  );
}

export function decideApproval(facts: ApprovalFacts): ApprovalVerdict {
  if (facts.approvers.length === 0) {
    return {
      approved: false,
      reason: `no release approvers are configured (${releaseApproversVariable} is empty), so no release can be approved: name the IAM roles or users that may approve in the guards config, guards.instanceQuarantine.releaseApprovers, and deploy`,
    };
  }
  if (!facts.item) return { approved: false, reason: `no approval for ${facts.instanceId} in the state table` };
  const approvedBy = facts.item[releaseApproval.approvedByAttribute]?.S;
  const approvedAtText = facts.item[releaseApproval.approvedAtAttribute]?.S;
  if (!approvedBy) return { approved: false, reason: `the approval for ${facts.instanceId} has no ${releaseApproval.approvedByAttribute} string attribute` };
  if (!approvedAtText)
    return { approved: false, reason: `the approval for ${facts.instanceId} has no ${releaseApproval.approvedAtAttribute} string attribute` };
  const approvedAt = Date.parse(approvedAtText);
  if (Number.isNaN(approvedAt))
    return {
      approved: false,
      reason: `the approval for ${facts.instanceId}: ${releaseApproval.approvedAtAttribute} "${approvedAtText}" is not an ISO 8601 time`,
    };
  const now = facts.now.getTime();
  if (approvedAt > now + allowedClockSkewMs)
    return { approved: false, reason: `the approval for ${facts.instanceId} is dated in the future (${approvedAtText})` };
  if (now - approvedAt > facts.maxAgeMinutes * 60_000) {
    return {
      approved: false,
      reason: `the approval for ${facts.instanceId} (${approvedAtText}, by ${approvedBy}) is older than ${facts.maxAgeMinutes} minutes`,
    };
  }
  const startedAt = Date.parse(facts.quarantineStartedAt);
  if (!Number.isNaN(startedAt) && approvedAt < startedAt) {
    return {
      approved: false,
      reason: `the approval for ${facts.instanceId} (${approvedAtText}) predates this quarantine (started ${facts.quarantineStartedAt})`,
    };
  }
  return { approved: true, approvedBy, approvedAt: approvedAtText };
}
