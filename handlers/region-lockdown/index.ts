/**
 * The region-lockdown function: reads the invocation (adapter), gathers the user's facts, decides
 * (decision.ts), attaches the Terraform-managed region deny where it is missing or was detached (effect), and reports
 * what a person must know to the alert topic.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { publishAlert } from '../common/publish-alert';
import { AlertFacts, neverSuppressed } from '../common/suppressed-alert';
import { STSClient } from '@aws-sdk/client-sts';
import { describeAwsError } from '../common/aws-errors';
import { partitionOfArn, envAtLoad } from '../common/contract';
import { requireEnv } from '../common/contract';
import { lockdownEnvironment } from './contract';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { MemberAccountSettings, MemberAccounts, isCannotActError, readOwnMemberAccountSettings } from '../common/member-accounts';
import { cannotActAlert, eventIdOf, inMember, memberAccountOf } from './member-target';
import { decideForUser, planReconciliation } from './decision';
import { Invocation, parseInvocation } from './events';
import { LockdownSettings, readLockdownSettings } from './lockdown-settings';
import { attachDeny } from './attach-deny';
import { DenyAttachError, LockdownIncompleteError } from './region-lockdown-errors';
import type { FormattedAlert } from '../common/alert-format';
import { ReconcileResult, UserResult, reconcileAlert, userAlert } from './report';
import { readUserFacts } from './user-facts';
import { userPages } from './user-listing';

const logger = guardLogger('region-lockdown');
// Created once per execution environment. IAM throttles writes at a modest rate: a first
// reconciliation of a large account retries more patiently than the SDK's default three attempts.
const clients = { iam: new IAMClient({ maxAttempts: 6 }), sns: new SNSClient({}), sts: new STSClient({}) };

/** Where an invocation acts: the function's own account (standalone) or a member's, through its role (hub). */
interface Acting {
  readonly iam: IAMClient;
  /** Hub mode: the member, named in every alert. */
  readonly member?: { readonly settings: MemberAccountSettings; readonly accountId: string; readonly region: string };
}

/** A reconciliation stops attaching when less than this is left, so that it can still report. */
const reportReserveMs = 20_000;

export type LockdownResult = UserResult | ReconcileResult | { readonly kind: 'ignored'; readonly reason: string };

/** Hub mode: the member the alert is about (standalone: the stack's own, which synth matched the suppressions to). */
function lockdownAccount(acting: Acting): { accountId?: string; region?: string } {
  return acting.member ? { accountId: acting.member.accountId, region: acting.member.region } : {};
}

async function publish(settings: LockdownSettings, given: FormattedAlert | undefined, facts: AlertFacts, acting?: Acting): Promise<void> {
  const member = acting?.member;
  const alert = member ? inMember(given, member.settings, member.accountId, member.region) : given;
  // A report that cannot be sent fails the invocation: nobody may miss a failed or tampered deny.
  if (alert) await publishAlert(clients.sns, settings.alertTopicArn, alert, facts);
}

async function lockUser(settings: LockdownSettings, invocation: Extract<Invocation, { kind: 'user' }>, acting: Acting): Promise<UserResult> {
  const { userName, trigger } = invocation;
  const context = { ...invocation, allowedRegions: settings.allowedRegions, scope: settings.scope, policyArns: settings.policyArns };
  const result = (outcome: UserResult['outcome'], reason: string): UserResult => ({ kind: 'user', userName, trigger, outcome, reason });

  const facts = await readUserFacts(acting.iam, userName);
  let outcome: UserResult;
  if (!facts) {
    outcome = result('user-gone', `user ${userName} no longer exists`);
  } else {
    const decision = decideForUser(facts, settings.policyArns, settings.exemptions);
    if (decision.action === 'skip') {
      outcome = result(decision.outcome, decision.reason);
    } else if (settings.dryRun) {
      outcome = result('dry-run', `${decision.reason}; dry run: nothing changed`);
    } else {
      try {
        const stillThere = await attachDeny(acting.iam, userName, decision.missingPolicyArns);
        outcome = !stillThere
          ? result('user-gone', `user ${userName} was deleted before the deny could be attached`)
          : result(trigger === 'user-created' ? 'applied' : 'restored', `${decision.reason}: the deny was attached`);
      } catch (error) {
        const problem = error instanceof DenyAttachError ? error.message : describeAwsError(error);
        const failed = result('failed', problem);
        logger.error('region deny not put', { ...failed });
        await publish(settings, userAlert(failed, context), neverSuppressed, acting);
        throw error;
      }
    }
  }
  logger.info('user handled', { ...outcome, actor: invocation.actor, eventId: invocation.eventId, account: acting.member?.accountId });
  await publish(settings, userAlert(outcome, context), { ...lockdownAccount(acting), resourceId: userName }, acting);
  return outcome;
}

async function reconcile(settings: LockdownSettings, remainingMs: () => number, acting: Acting): Promise<ReconcileResult> {
  let usersSeen = 0;
  let inPlace = 0;
  let stoppedEarly = false;
  const attached: string[] = [];
  const exempt: string[] = [];
  const failed: { userName: string; problem: string }[] = [];
  pages: for await (const page of userPages(acting.iam)) {
    usersSeen += page.length;
    const plan = planReconciliation(page, settings.policyArns, settings.exemptions);
    inPlace += plan.inPlace;
    exempt.push(...plan.exempt);
    for (const target of plan.attach) {
      if (settings.dryRun) {
        attached.push(target.userName);
        continue;
      }
      if (remainingMs() < reportReserveMs) {
        stoppedEarly = true;
        break pages;
      }
      try {
        if (await attachDeny(acting.iam, target.userName, target.missingPolicyArns)) attached.push(target.userName);
      } catch (error) {
        // One user's failure must not leave the others unprotected: go on, report, fail at the end.
        failed.push({
          userName: target.userName,
          problem: error instanceof DenyAttachError ? error.message : `${target.userName}: ${describeAwsError(error)}`,
        });
      }
    }
  }
  const summary: ReconcileResult = { kind: 'reconcile', usersSeen, attached, exempt, inPlace, failed, dryRun: settings.dryRun, stoppedEarly };
  if (stoppedEarly) {
    // Every attachment is kept, so the next run goes on from where this one stopped.
    logger.warn('reconciliation stopped before the function timed out; the next run continues', { usersSeen, attached: attached.length });
  }
  logger.info('reconciliation done', { usersSeen, attached: attached.length, exempt: exempt.length, inPlace, failed: failed.length, stoppedEarly });
  // A reconciliation that left users unprotected is always reported.
  await publish(settings, reconcileAlert(summary, settings), failed.length > 0 ? neverSuppressed : lockdownAccount(acting), acting);
  if (failed.length > 0) throw new LockdownIncompleteError(failed.map((failure) => failure.userName));
  return summary;
}

/**
 * Hub mode: the member the event names, refused unless the hub serves it, and credentials of its
 * remediation role. When the guard cannot act there, a person is told and the invocation fails
 * (the event stays in the failure queue). Standalone: the function's own account.
 */
async function actingFor(event: unknown): Promise<{ settings: LockdownSettings; acting: Acting }> {
  // Read first, so that even a refused event is reported.
  const alertTopicArn = requireEnv(lockdownEnvironment.alertTopicArn.name);
  const partition = partitionOfArn(alertTopicArn);
  const memberSettings = await readOwnMemberAccountSettings(partition);
  const members = new MemberAccounts(clients.sts, memberSettings, 'region-lockdown');
  if (!members.isHub) return { settings: readLockdownSettings(), acting: { iam: clients.iam } };
  // IAM is global: the member's role is used from the hub's home region, where this function runs.
  const region = envAtLoad('AWS_REGION') ?? 'us-east-1';
  let accountId: string | undefined;
  try {
    accountId = memberAccountOf(event);
    const settings = readLockdownSettings({ partition, accountId });
    const credentials = await members.credentialsFor({ accountId, region }, eventIdOf(event));
    return {
      settings,
      acting: { iam: new IAMClient({ maxAttempts: 6, ...(credentials ? { credentials } : {}) }), member: { settings: memberSettings, accountId, region } },
    };
  } catch (error) {
    if (isCannotActError(error)) {
      logger.error('cannot act in the member account', { account: accountId, problem: error.message });
      const alert = cannotActAlert(memberSettings, accountId, region, error);
      await publishAlert(clients.sns, alertTopicArn, alert, neverSuppressed);
    }
    throw error;
  }
}

export const handler: GuardHandler<LockdownResult> = guardHandler({
  logger,
  // Where it acts first, so that even a refused event is reported.
  settings: (event) => actingFor(event),
  parse: (event, { settings }) => parseInvocation(event, settings),
  handle: async (invocation: Invocation, { settings, acting }, context) => {
    switch (invocation.kind) {
      case 'ignore':
        logger.info('event ignored', { eventKind: invocation.eventKind, reason: invocation.reason });
        return { kind: 'ignored', reason: invocation.reason };
      case 'user':
        return lockUser(settings, invocation, acting);
      case 'reconcile':
        return reconcile(settings, () => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY, acting);
    }
  },
});
