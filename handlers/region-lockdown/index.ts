/**
 * The region-lockdown function: reads the invocation (adapter), gathers the user's facts, decides
 * (decision.ts), attaches the Terraform-managed region deny where it is missing or was detached (effect), and reports
 * what a person must know to the alert topic.
 */
import { IAMClient } from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context } from 'aws-lambda';
import { describeAwsError } from '../common/aws-errors';
import { InvalidEventError } from '../common/errors';
import { guardLogger } from '../common/logger';
import { decideForUser, planReconciliation } from './decision';
import { Invocation, parseInvocation } from './events';
import { LockdownSettings, readLockdownSettings } from './lockdown-settings';
import { attachDeny } from './attach-deny';
import { DenyAttachError, LockdownIncompleteError } from './region-lockdown-errors';
import { Alert, ReconcileResult, UserResult, reconcileAlert, userAlert } from './report';
import { readUserFacts } from './user-facts';
import { userPages } from './user-listing';

const logger = guardLogger('region-lockdown');
// Created once per execution environment. IAM throttles writes at a modest rate: a first
// reconciliation of a large account retries more patiently than the SDK's default three attempts.
const clients = { iam: new IAMClient({ maxAttempts: 6 }), sns: new SNSClient({}) };

/** A reconciliation stops attaching when less than this is left, so that it can still report. */
const reportReserveMs = 20_000;

export type LockdownResult = UserResult | ReconcileResult | { readonly kind: 'ignored'; readonly reason: string };

async function publish(settings: LockdownSettings, alert: Alert | undefined): Promise<void> {
  // A report that cannot be sent fails the invocation: nobody may miss a failed or tampered deny.
  if (alert) await clients.sns.send(new PublishCommand({ TopicArn: settings.alertTopicArn, Subject: alert.subject, Message: alert.body }));
}

async function lockUser(settings: LockdownSettings, invocation: Extract<Invocation, { kind: 'user' }>): Promise<UserResult> {
  const { userName, trigger } = invocation;
  const context = { ...invocation, allowedRegions: settings.allowedRegions, scope: settings.scope, policyArns: settings.policyArns };
  const result = (outcome: UserResult['outcome'], reason: string): UserResult => ({ kind: 'user', userName, trigger, outcome, reason });

  const facts = await readUserFacts(clients.iam, userName);
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
        const stillThere = await attachDeny(clients.iam, userName, decision.missingPolicyArns);
        outcome = !stillThere
          ? result('user-gone', `user ${userName} was deleted before the deny could be attached`)
          : result(trigger === 'user-created' ? 'applied' : 'restored', `${decision.reason}: the deny was attached`);
      } catch (error) {
        const problem = error instanceof DenyAttachError ? error.message : describeAwsError(error);
        const failed = result('failed', problem);
        logger.error('region deny not put', { ...failed });
        await publish(settings, userAlert(failed, context));
        throw error;
      }
    }
  }
  logger.info('user handled', { ...outcome, actor: invocation.actor, eventId: invocation.eventId });
  await publish(settings, userAlert(outcome, context));
  return outcome;
}

async function reconcile(settings: LockdownSettings, remainingMs: () => number): Promise<ReconcileResult> {
  let usersSeen = 0;
  let inPlace = 0;
  let stoppedEarly = false;
  const attached: string[] = [];
  const exempt: string[] = [];
  const failed: { userName: string; problem: string }[] = [];
  pages: for await (const page of userPages(clients.iam)) {
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
        if (await attachDeny(clients.iam, target.userName, target.missingPolicyArns)) attached.push(target.userName);
      } catch (error) {
        // One user's failure must not leave the others unprotected: go on, report, fail at the end.
        failed.push({ userName: target.userName, problem: error instanceof DenyAttachError ? error.message : `${target.userName}: ${describeAwsError(error)}` });
      }
    }
  }
  const summary: ReconcileResult = { kind: 'reconcile', usersSeen, attached, exempt, inPlace, failed, dryRun: settings.dryRun, stoppedEarly };
  if (stoppedEarly) {
    // Every attachment is kept, so the next run goes on from where this one stopped.
    logger.warn('reconciliation stopped before the function timed out; the next run continues', { usersSeen, attached: attached.length });
  }
  logger.info('reconciliation done', { usersSeen, attached: attached.length, exempt: exempt.length, inPlace, failed: failed.length, stoppedEarly });
  await publish(settings, reconcileAlert(summary, settings));
  if (failed.length > 0) throw new LockdownIncompleteError(failed.map((failure) => failure.userName));
  return summary;
}

export async function handler(event: unknown, context?: Pick<Context, 'getRemainingTimeInMillis'>): Promise<LockdownResult> {
  const settings = readLockdownSettings();
  let invocation: Invocation;
  try {
    invocation = parseInvocation(event, settings);
  } catch (error) {
    if (error instanceof InvalidEventError) {
      // Thrown on: Lambda retries, then keeps the event in the failure queue for a person.
      logger.error('invalid event', { eventKind: error.eventKind, problem: error.message });
    }
    throw error;
  }
  switch (invocation.kind) {
    case 'ignore':
      logger.info('event ignored', { eventKind: invocation.eventKind, reason: invocation.reason });
      return { kind: 'ignored', reason: invocation.reason };
    case 'user':
      return lockUser(settings, invocation);
    case 'reconcile':
      return reconcile(settings, () => context?.getRemainingTimeInMillis() ?? Number.POSITIVE_INFINITY);
  }
}
