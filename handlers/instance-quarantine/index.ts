/**
 * The instance-quarantine function: reads the invocation (adapter), gathers the instance's facts,
 * decides (decision.ts), contains it (effect), and reports every time. Release is a function of
 * its own (handlers/instance-quarantine-release).
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { partitionOfArn } from '../common/contract';
import { requireEnv } from '../common/contract';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { MemberAccountSettings, MemberAccounts, readOwnMemberAccountSettings } from '../common/member-accounts';
import { alarmProblem } from './alarm-check';
import { AwsClients, createAwsClients, memberAwsClients } from './aws-clients';
import { ContainmentRequest, contain, plannedSteps } from './containment';
import { decideQuarantine, priorStateOf } from './decision';
import { Invocation, parseInvocation } from './events';
import { describeInstanceFacts } from './instance-facts';
import { AutoScalingAction, readQuarantineEnvironment } from './contract';
import { ActingContext, actingContext, isCannotActError, reportCannotAct } from './member-context';
import { QuarantineState } from './quarantine-state';
import { RuleNumberRange } from './network-acl-deny';
import { ContainmentIncompleteError, StepResult } from './step-results';
import { Report, formatReport } from './summary';

const logger = guardLogger('instance-quarantine');
const ownClients = createAwsClients();
// Hub mode: assumes the member's remediation role (regional endpoint of the function's region).
const sts = new STSClient({ maxAttempts: 5 });

export type Outcome = 'contained' | 'dry-run' | 'ignored' | 'exempt' | 'not-found' | 'terminated' | 'refused' | 'rate-limited';

export interface QuarantineResult {
  readonly instanceId?: string;
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly steps: readonly StepResult[];
}

interface Settings {
  readonly alertTopicArn: string;
  readonly region: string;
  readonly dryRun: boolean;
  readonly stateTableName: string;
  readonly exemptInstanceIds: readonly string[];
  readonly trustExemptTag: boolean;
  readonly exemptTagKey: string;
  readonly snapshotVolumes: boolean;
  readonly autoScalingAction: AutoScalingAction;
  readonly fleetThreshold: number;
  readonly fleetMaxQuarantinesPerHour: number;
  readonly guardDutyMinSeverity: number;
  readonly alarmNamePrefix: string;
  readonly metricNamespace: string;
  readonly groupNames: ContainmentRequest['groupNames'];
  /** Absent when networkAclDeny is off. */
  readonly networkAclRuleNumbers?: RuleNumberRange;
  readonly members: MemberAccountSettings;
}

function ruleNumberRange(from: number, to: number): RuleNumberRange {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
    throw new Error(`NETWORK_ACL_RULE_FROM and NETWORK_ACL_RULE_TO: must be whole numbers with from <= to, got ${from} and ${to}`);
  }
  return { from, to };
}

/** Read per invocation: cheap, and a bad value fails the invocation with the variable's name. */
function readSettings(): Settings {
  const environment = readQuarantineEnvironment();
  return {
    alertTopicArn: environment.alertTopicArn,
    region: requireEnv('AWS_REGION'),
    dryRun: environment.dryRun,
    stateTableName: environment.stateTableName,
    exemptInstanceIds: environment.exemptInstanceIds,
    trustExemptTag: environment.trustExemptTag,
    exemptTagKey: environment.exemptTagKey,
    snapshotVolumes: environment.snapshotVolumes,
    autoScalingAction: environment.autoScalingAction,
    fleetThreshold: environment.fleetThreshold,
    fleetMaxQuarantinesPerHour: environment.fleetMaxQuarantinesPerHour,
    guardDutyMinSeverity: environment.guardDutyMinSeverity,
    alarmNamePrefix: environment.alarmNamePrefix,
    metricNamespace: environment.metricNamespace,
    groupNames: { isolation: environment.isolationGroupName, allowAll: environment.allowAllGroupName },
    ...(environment.networkAclDeny ? { networkAclRuleNumbers: ruleNumberRange(environment.networkAclRuleFrom, environment.networkAclRuleTo) } : {}),
    members: readOwnMemberAccountSettings(partitionOfArn(environment.alertTopicArn)),
  };
}

async function notify(settings: Settings, report: Report): Promise<void> {
  const { subject, message } = formatReport(report);
  // A report that cannot be sent fails the invocation: nobody may miss a containment.
  await ownClients.sns.send(new PublishCommand({ TopicArn: settings.alertTopicArn, Subject: subject, Message: message }));
}

async function quarantine(
  settings: Settings,
  context: ActingContext<AwsClients>,
  invocation: Extract<Invocation, { kind: 'quarantine' }>,
): Promise<QuarantineResult> {
  const { instanceId } = invocation;
  const { clients, region } = context;
  const accountName = context.accountName ? { accountName: context.accountName } : {};
  const startedAt = new Date().toISOString();
  const state = new QuarantineState(clients.dynamodb, settings.stateTableName, context.stateScope);
  const alertOnly = async (kind: 'refused' | 'rate-limited', reason: string): Promise<QuarantineResult> => {
    logger.warn('instance not quarantined', { instanceId, outcome: kind, reason, trigger: invocation.trigger });
    // The facts may not have been read: the member the event names (hub), else the account the alert topic lives in.
    const accountId = context.stateScope?.accountId ?? settings.alertTopicArn.split(':')[4] ?? '';
    await notify(settings, {
      kind,
      instanceId,
      accountId,
      ...accountName,
      region,
      trigger: invocation.trigger,
      reason: `${invocation.reason}; ${reason}`,
      at: startedAt,
      steps: [],
    });
    return { instanceId, outcome: kind, reason, steps: [] };
  };

  const recorded = await state.record(instanceId);
  // A quarantine under way (a retry after a failed step) goes on even if the alarm has gone back
  // to OK since; a new one needs the real alarm behind the notification.
  if (invocation.alarmName !== undefined && !recorded) {
    const problem = await alarmProblem(clients.cloudwatch, {
      alarmName: invocation.alarmName,
      instanceId,
      alarmNamePrefix: settings.alarmNamePrefix,
      metricNamespace: settings.metricNamespace,
    });
    if (problem) return alertOnly('refused', `the notification is not backed by the real alarm: ${problem}`);
  }

  const facts = await describeInstanceFacts(clients.ec2, instanceId);
  const decision = decideQuarantine(facts, instanceId, settings, recorded, { at: startedAt, trigger: invocation.trigger, reason: invocation.reason });
  if (decision.action === 'skip') {
    logger.warn('instance not quarantined', { instanceId, outcome: decision.outcome, reason: decision.reason, trigger: invocation.trigger });
    if (decision.outcome === 'exempt' && facts) {
      await notify(settings, {
        kind: 'exempt',
        instanceId,
        accountId: context.stateScope?.accountId ?? facts.accountId,
        ...accountName,
        region,
        trigger: invocation.trigger,
        reason: `${invocation.reason}; ${decision.reason}`,
        at: startedAt,
        steps: [],
      });
    }
    return { instanceId, outcome: decision.outcome, reason: decision.reason, steps: [] };
  }
  // Hub mode: the account whose role acted (certain); standalone: the instance's owner.
  const accountId = context.stateScope?.accountId ?? facts!.accountId;
  const base = {
    instanceId,
    accountId,
    ...accountName,
    region,
    trigger: invocation.trigger,
    reason: invocation.reason,
    at: startedAt,
    priorState: priorStateOf(decision.plan.record),
  };
  if (settings.dryRun || invocation.dryRun) {
    const steps = plannedSteps(decision.plan, settings);
    await notify(settings, { ...base, kind: 'dry-run', steps });
    logger.info('dry run: nothing changed', { instanceId, steps });
    return { instanceId, outcome: 'dry-run', steps };
  }
  // Forged log lines could name every instance of the fleet: past the hourly limit, alert instead.
  // A re-run of a quarantine already under way is not a new one.
  if (invocation.trigger === 'fleet' && decision.plan.recordPriorState && !(await state.takeFleetQuarantine(new Date(), settings.fleetMaxQuarantinesPerHour))) {
    return alertOnly(
      'rate-limited',
      `the fleet flow already started ${settings.fleetMaxQuarantinesPerHour} quarantines this hour (fleetMaxQuarantinesPerHour); check the instance and quarantine it by hand if needed`,
    );
  }
  const { steps } = await contain(
    clients,
    state,
    {
      instanceId,
      trigger: invocation.trigger,
      reason: invocation.reason,
      startedAt,
      groupNames: settings.groupNames,
      revocationPolicyArn: context.revocationPolicyArn,
      autoScalingAction: settings.autoScalingAction,
      ...(settings.networkAclRuleNumbers ? { networkAclRuleNumbers: settings.networkAclRuleNumbers } : {}),
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

export const handler: GuardHandler<QuarantineResult[]> = guardHandler({
  logger,
  settings: () => readSettings(),
  parse: (event, settings) => parseInvocation(event, settings),
  handle: (invocations: Invocation[], settings) => quarantineEach(settings, invocations),
});

async function quarantineEach(settings: Settings, invocations: readonly Invocation[]): Promise<QuarantineResult[]> {
  const results: QuarantineResult[] = [];
  // Member credentials are cached for this invocation only.
  const members = new MemberAccounts(sts, settings.members, 'instance-quarantine');
  for (const invocation of invocations) {
    if (invocation.kind === 'ignore') {
      logger.info('event ignored', { eventKind: invocation.eventKind, reason: invocation.reason });
      results.push({ outcome: 'ignored', reason: invocation.reason, steps: [] });
      continue;
    }
    let context: ActingContext<AwsClients>;
    try {
      context = await actingContext(
        members,
        settings.members,
        { clients: ownClients, region: settings.region },
        (region, credentials) => memberAwsClients(ownClients, region, credentials),
        invocation.target,
        invocation.eventId,
      );
    } catch (error) {
      if (isCannotActError(error)) {
        logger.error('cannot act in the member account', { instanceId: invocation.instanceId, target: invocation.target, problem: error.message });
        await reportCannotAct(ownClients.sns, settings.alertTopicArn, settings.members, 'QUARANTINE', invocation.instanceId, invocation.target, error);
      }
      // Thrown on: Lambda retries, then keeps the event in the failure queue.
      throw error;
    }
    results.push(await quarantine(settings, context, invocation));
  }
  return results;
}
