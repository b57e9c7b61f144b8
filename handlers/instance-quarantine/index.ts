/**
 * The instance-quarantine function: reads the invocation (adapter), gathers the instance's facts,
 * decides (decision.ts), contains or releases it (effect), and reports every time.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { booleanEnv, numberEnv, requireEnv, stringEnv } from '../common/env';
import { InvalidEventError } from '../common/errors';
import { guardLogger } from '../common/logger';
import { createAwsClients } from './aws-clients';
import { ContainmentRequest, contain, plannedSteps } from './containment';
import { decideQuarantine, priorStateFromTags } from './decision';
import { Invocation, parseInvocation } from './events';
import { describeInstanceFacts } from './instance-facts';
import { NothingToReleaseError, plannedReleaseSteps, release } from './release';
import { ContainmentIncompleteError, StepResult } from './step-results';
import { Report, formatReport } from './summary';

const logger = guardLogger('instance-quarantine');
const clients = createAwsClients();

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
  };
}

async function notify(settings: Settings, report: Report): Promise<void> {
  const { subject, body } = formatReport(report);
  // A report that cannot be sent fails the invocation: nobody may miss a containment.
  await clients.sns.send(new PublishCommand({ TopicArn: settings.alertTopicArn, Subject: subject, Message: body }));
}

async function quarantine(settings: Settings, invocation: Extract<Invocation, { kind: 'quarantine' }>): Promise<QuarantineResult> {
  const { instanceId } = invocation;
  const startedAt = new Date().toISOString();
  const facts = await describeInstanceFacts(clients.ec2, instanceId);
  const decision = decideQuarantine(facts, instanceId, settings);
  if (decision.action === 'skip') {
    logger.warn('instance not quarantined', { instanceId, outcome: decision.outcome, reason: decision.reason, trigger: invocation.trigger });
    if (decision.outcome === 'exempt' && facts) {
      await notify(settings, { kind: 'exempt', instanceId, accountId: facts.accountId, region: settings.region, trigger: invocation.trigger, reason: `${invocation.reason}; ${decision.reason}`, at: startedAt, steps: [] });
    }
    return { instanceId, outcome: decision.outcome, reason: decision.reason, steps: [] };
  }
  const accountId = facts!.accountId;
  const base = { instanceId, accountId, region: settings.region, trigger: invocation.trigger, reason: invocation.reason, at: startedAt, priorState: decision.plan.priorState };
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
      instanceArn: `arn:${settings.partition}:ec2:${settings.region}:${accountId}:instance/${instanceId}`,
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

async function releaseInstance(settings: Settings, invocation: Extract<Invocation, { kind: 'release' }>): Promise<QuarantineResult> {
  const { instanceId } = invocation;
  const facts = await describeInstanceFacts(clients.ec2, instanceId);
  if (!facts) {
    logger.warn('instance not released', { instanceId, outcome: 'not-found' });
    return { instanceId, outcome: 'not-found', reason: `instance ${instanceId} does not exist in this account and region`, steps: [] };
  }
  const priorState = priorStateFromTags(facts.tags);
  if (!priorState) throw new NothingToReleaseError(instanceId);
  const base = { instanceId, accountId: facts.accountId, region: settings.region, trigger: 'release', reason: 'manual release', at: new Date().toISOString(), priorState };
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
  for (const invocation of invocations) {
    if (invocation.kind === 'ignore') {
      logger.info('event ignored', { eventKind: invocation.eventKind, reason: invocation.reason });
      results.push({ outcome: 'ignored', reason: invocation.reason, steps: [] });
    } else if (invocation.kind === 'release') {
      results.push(await releaseInstance(settings, invocation));
    } else {
      results.push(await quarantine(settings, invocation));
    }
  }
  return results;
}
