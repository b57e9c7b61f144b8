/**
 * The instance-quarantine function: reads the invocation (adapter), gathers the instance's facts,
 * decides (decision.ts), contains or releases it (effect), and reports every time.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { booleanEnv, numberEnv, requireEnv, stringEnv } from '../common/env';
import { InvalidEventError } from '../common/errors';
import { guardLogger } from '../common/logger';
import { MemberAccountSettings, MemberAccounts, RemoteRoleError, UnknownAccountError, accountLabel, readMemberAccountSettings } from '../common/member-accounts';
import type { EventTarget } from '../common/member-accounts';
import { AwsClients, createAwsClients, memberAwsClients } from './aws-clients';
import { snsSubject } from './summary';
import { ContainmentRequest, contain, plannedSteps } from './containment';
import { decideQuarantine, priorStateFromTags } from './decision';
import { Invocation, parseInvocation } from './events';
import { describeInstanceFacts } from './instance-facts';
import { NothingToReleaseError, plannedReleaseSteps, release } from './release';
import { ContainmentIncompleteError, StepResult } from './step-results';
import { Report, formatReport } from './summary';

const logger = guardLogger('instance-quarantine');
const ownClients = createAwsClients();
// Hub mode: assumes the member's remediation role. Regional endpoint of the function's region.
const sts = new STSClient({ maxAttempts: 5 });

export type Outcome = 'contained' | 'dry-run' | 'ignored' | 'exempt' | 'not-found' | 'terminated' | 'released';

export interface QuarantineResult {
  readonly instanceId?: string;
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly steps: readonly StepResult[];
}

interface Settings {
  readonly alertTopicArn: string;
  readonly region: string;
  readonly partition: string;
  readonly dryRun: boolean;
  readonly exemptTagKey: string;
  readonly snapshotVolumes: boolean;
  readonly fleetThreshold: number;
  readonly guardDutyMinSeverity: number;
  readonly alarmNamePrefix?: string;
  readonly groupNames: ContainmentRequest['groupNames'];
  readonly members: MemberAccountSettings;
}

/** Read per invocation: cheap, and a bad value fails the invocation with the variable's name. */
function readSettings(): Settings {
  const alertTopicArn = requireEnv('ALERT_TOPIC_ARN');
  const alarmNamePrefix = stringEnv('ALARM_NAME_PREFIX', '');
  return {
    alertTopicArn,
    region: requireEnv('AWS_REGION'),
    partition: alertTopicArn.split(':')[1] || 'aws',
    dryRun: booleanEnv('DRY_RUN', false),
    exemptTagKey: stringEnv('EXEMPT_TAG_KEY', 'guards:quarantine-exempt'),
    snapshotVolumes: booleanEnv('SNAPSHOT_VOLUMES', true),
    fleetThreshold: numberEnv('FLEET_THRESHOLD', 5, { min: 1 }),
    guardDutyMinSeverity: numberEnv('GUARDDUTY_MIN_SEVERITY', 7, { min: 0, max: 10 }),
    ...(alarmNamePrefix ? { alarmNamePrefix } : {}),
    groupNames: {
      isolation: stringEnv('ISOLATION_GROUP_NAME', 'guards-quarantine-isolation'),
      allowAll: stringEnv('ALLOW_ALL_GROUP_NAME', 'guards-quarantine-allow-all'),
    },
    members: readMemberAccountSettings(process.env, alertTopicArn.split(':')[1] || 'aws'),
  };
}

/** Where one invocation acts: the member's account and region through its role (hub), or the function's own. */
interface ActingContext {
  readonly clients: AwsClients;
  readonly region: string;
  readonly accountName?: string;
}

async function actingContext(settings: Settings, members: MemberAccounts, target: EventTarget | undefined, eventId: string | undefined): Promise<ActingContext> {
  if (!members.isHub) return { clients: ownClients, region: settings.region };
  if (!target) throw new InvalidEventError('the event names no member account and region (hub mode needs them: a forwarded event, or accountId and region in a manual one)', 'hub');
  const credentials = await members.credentialsFor(target, eventId);
  const name = settings.members.accountNames?.get(target.accountId);
  return { clients: memberAwsClients(ownClients, target.region, credentials!), region: target.region, ...(name ? { accountName: name } : {}) };
}

/** The guard could not act in the member account: a person must know, and the event stays in the failure queue. */
async function reportCannotAct(settings: Settings, instanceId: string, target: EventTarget | undefined, error: Error): Promise<void> {
  const where = target ? `${accountLabel(settings.members, target.accountId)}/${target.region}` : 'an unnamed account';
  const subject = snsSubject(`[QUARANTINE NOT DONE] ${instanceId} in ${where}: ${error.name}`);
  const body = [
    `QUARANTINE NOT DONE: EC2 instance ${instanceId} in account ${where}.`,
    `The guard refused or could not act: ${error.message}`,
    error instanceof UnknownAccountError
      ? 'The account is not one the hub serves: check who forwarded this event (the hub bus accepts only the organization).'
      : "Check the member's remediation role (deployed by its home-region spoke stack) and its trust in the hub function's role.",
    'The event waits in the function\'s failure queue; contain the instance by hand now.',
  ].join('\n');
  await ownClients.sns.send(new PublishCommand({ TopicArn: settings.alertTopicArn, Subject: subject, Message: body }));
}

async function notify(settings: Settings, report: Report): Promise<void> {
  const { subject, body } = formatReport(report);
  // A report that cannot be sent fails the invocation: nobody may miss a containment.
  await ownClients.sns.send(new PublishCommand({ TopicArn: settings.alertTopicArn, Subject: subject, Message: body }));
}

async function quarantine(settings: Settings, context: ActingContext, invocation: Extract<Invocation, { kind: 'quarantine' }>): Promise<QuarantineResult> {
  const { instanceId } = invocation;
  const { clients, region } = context;
  const accountName = context.accountName ? { accountName: context.accountName } : {};
  const startedAt = new Date().toISOString();
  const facts = await describeInstanceFacts(clients.ec2, instanceId);
  const decision = decideQuarantine(facts, instanceId, settings);
  if (decision.action === 'skip') {
    logger.warn('instance not quarantined', { instanceId, outcome: decision.outcome, reason: decision.reason, trigger: invocation.trigger });
    if (decision.outcome === 'exempt' && facts) {
      await notify(settings, { kind: 'exempt', instanceId, accountId: facts.accountId, ...accountName, region, trigger: invocation.trigger, reason: `${invocation.reason}; ${decision.reason}`, at: startedAt, steps: [] });
    }
    return { instanceId, outcome: decision.outcome, reason: decision.reason, steps: [] };
  }
  const accountId = facts!.accountId;
  const base = { instanceId, accountId, ...accountName, region, trigger: invocation.trigger, reason: invocation.reason, at: startedAt, priorState: decision.plan.priorState };
  if (settings.dryRun || invocation.dryRun) {
    const steps = plannedSteps(decision.plan);
    await notify(settings, { ...base, kind: 'dry-run', steps });
    logger.info('dry run: nothing changed', { instanceId, steps });
    return { instanceId, outcome: 'dry-run', steps };
  }
  const steps = await contain(
    clients,
    {
      instanceId,
      instanceArn: `arn:${settings.partition}:ec2:${region}:${accountId}:instance/${instanceId}`,
      trigger: invocation.trigger,
      reason: invocation.reason,
      startedAt,
      groupNames: settings.groupNames,
    },
    decision.plan,
  );
  const failed = steps.filter((step) => step.status === 'failed');
  await notify(settings, { ...base, kind: failed.length > 0 ? 'incomplete' : 'contained', steps });
  if (failed.length > 0) {
    logger.error('containment incomplete', { instanceId, steps });
    throw new ContainmentIncompleteError(instanceId, failed);
  }
  logger.info('instance contained', { instanceId, steps });
  return { instanceId, outcome: 'contained', steps };
}

async function releaseInstance(settings: Settings, context: ActingContext, invocation: Extract<Invocation, { kind: 'release' }>): Promise<QuarantineResult> {
  const { instanceId } = invocation;
  const { clients, region } = context;
  const accountName = context.accountName ? { accountName: context.accountName } : {};
  const facts = await describeInstanceFacts(clients.ec2, instanceId);
  if (!facts) {
    logger.warn('instance not released', { instanceId, outcome: 'not-found' });
    return { instanceId, outcome: 'not-found', reason: `instance ${instanceId} does not exist in this account and region`, steps: [] };
  }
  const priorState = priorStateFromTags(facts.tags);
  if (!priorState) throw new NothingToReleaseError(instanceId);
  const base = { instanceId, accountId: facts.accountId, ...accountName, region, trigger: 'release', reason: 'manual release', at: new Date().toISOString(), priorState };
  if (settings.dryRun || invocation.dryRun) {
    const steps = plannedReleaseSteps(priorState);
    await notify(settings, { ...base, kind: 'dry-run', steps });
    return { instanceId, outcome: 'dry-run', steps };
  }
  const steps = await release(clients, facts, priorState);
  const failed = steps.filter((step) => step.status === 'failed');
  await notify(settings, { ...base, kind: failed.length > 0 ? 'release-incomplete' : 'released', steps });
  if (failed.length > 0) throw new ContainmentIncompleteError(instanceId, failed);
  logger.info('instance released', { instanceId, steps });
  return { instanceId, outcome: 'released', steps };
}

export async function handler(event: unknown): Promise<QuarantineResult[]> {
  const settings = readSettings();
  let invocations: Invocation[];
  try {
    invocations = parseInvocation(event, settings);
  } catch (error) {
    if (error instanceof InvalidEventError) {
      // Thrown on: Lambda retries, then keeps the event in the failure queue for a person.
      logger.error('invalid event', { eventKind: error.eventKind, problem: error.message });
    }
    throw error;
  }
  const results: QuarantineResult[] = [];
  // Member credentials are cached for this invocation only.
  const members = new MemberAccounts(sts, settings.members, 'instance-quarantine');
  for (const invocation of invocations) {
    if (invocation.kind === 'ignore') {
      logger.info('event ignored', { eventKind: invocation.eventKind, reason: invocation.reason });
      results.push({ outcome: 'ignored', reason: invocation.reason, steps: [] });
      continue;
    }
    let context: ActingContext;
    try {
      context = await actingContext(settings, members, invocation.target, invocation.kind === 'quarantine' ? invocation.eventId : undefined);
    } catch (error) {
      if (error instanceof UnknownAccountError || error instanceof RemoteRoleError || error instanceof InvalidEventError) {
        logger.error('cannot act in the member account', { instanceId: invocation.instanceId, target: invocation.target, problem: error.message });
        await reportCannotAct(settings, invocation.instanceId, invocation.target, error);
      }
      // Thrown on: Lambda retries, then keeps the event in the failure queue.
      throw error;
    }
    results.push(invocation.kind === 'release' ? await releaseInstance(settings, context, invocation) : await quarantine(settings, context, invocation));
  }
  return results;
}
