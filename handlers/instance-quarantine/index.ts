/**
 * The instance-quarantine function: reads the invocation (adapter), gathers the instance's facts,
 * decides (decision.ts), contains it (effect), and reports every time. Release is a function of
 * its own (handlers/instance-quarantine-release).
 */
import { publishAlert } from '../common/publish-alert';
import { neverSuppressed } from '../common/suppressed-alert';
import { importFinding } from '../common/security-hub-import';
import { quarantineFinding } from './quarantine-finding';
import { STSClient } from '@aws-sdk/client-sts';
import { partitionOfArn } from '../common/contract';
import { requireEnv } from '../common/contract';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { guardLogger } from '../common/logger';
import { MemberAccountSettings, MemberAccounts, readOwnMemberAccountSettings } from '../common/member-accounts';
import { alarmProblem } from './alarm-check';
import { AwsClients, createAwsClients, memberAwsClients } from './aws-clients';
import { ContainmentRequest, contain, plannedSteps } from './containment';
import { QuarantineRecord, decideQuarantine, priorStateOf } from './decision';
import { releaseInstructions } from './release-instructions';
import type { StateScope } from './state-record';
import { Invocation, parseInvocation } from './events';
import { describeInstanceFacts } from './instance-facts';
import { AutoScalingAction, readQuarantineEnvironment } from './contract';
import { ActingContext, actingContext, isCannotActError, reportCannotAct } from './member-context';
import { QuarantineState } from './quarantine-state';
import { RuleNumberRange } from './network-acl-deny';
import { ContainmentIncompleteError, StepResult } from './step-results';
import { Report, formatReport } from './summary';
import { TriggerSettings, alarmedInstanceIdsOf, readTriggerSettings } from './trigger-settings';
import type { UntrustedFact } from '../common/untrusted-text';
import { envAtLoad } from '../common/contract';

const logger = guardLogger('instance-quarantine');
const ownClients = createAwsClients();
// Hub mode: assumes the member's remediation role (regional endpoint of the function's region).
const sts = new STSClient({ maxAttempts: 5 });

export type Outcome =
  'contained' | 'dry-run' | 'ignored' | 'exempt' | 'not-found' | 'terminated' | 'refused' | 'rate-limited' | 'notified' | 'awaiting-approval';

export interface QuarantineResult {
  readonly instanceId?: string;
  readonly outcome: Outcome;
  readonly reason?: string;
  readonly steps: readonly StepResult[];
}

interface Settings extends TriggerSettings {
  readonly alertTopicArn: string;
  /** The function's own account (of its alert topic). */
  readonly ownAccountId: string;
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
  readonly releaseFunctionName?: string;
}

function ruleNumberRange(from: number, to: number): RuleNumberRange {
  if (!Number.isInteger(from) || !Number.isInteger(to) || from > to) {
    throw new Error(`NETWORK_ACL_RULE_FROM and NETWORK_ACL_RULE_TO: must be whole numbers with from <= to, got ${from} and ${to}`);
  }
  return { from, to };
}

/**
 * Read per invocation: cheap (the member directory is read once per container), and a bad value
 * or an unreadable directory fails the invocation with the variable's or the object's name.
 */
async function readSettings(): Promise<Settings> {
  const environment = readQuarantineEnvironment();
  const members = await readOwnMemberAccountSettings(partitionOfArn(environment.alertTopicArn));
  // Hub mode (a member role to act through) has no allow-all step: the member role adds no rule.
  const actsThroughMemberRoles = members.remoteRoleName !== undefined;
  return {
    ...readTriggerSettings(environment, members.directory !== undefined),
    alertTopicArn: environment.alertTopicArn,
    ownAccountId: environment.alertTopicArn.split(':')[4] ?? '',
    region: requireEnv('AWS_REGION'),
    dryRun: environment.dryRun,
    stateTableName: environment.stateTableName,
    ...(environment.releaseFunctionName ? { releaseFunctionName: environment.releaseFunctionName } : {}),
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
    groupNames: { isolation: environment.isolationGroupName, ...(actsThroughMemberRoles ? {} : { allowAll: environment.allowAllGroupName }) },
    ...(environment.networkAclDeny ? { networkAclRuleNumbers: ruleNumberRange(environment.networkAclRuleFrom, environment.networkAclRuleTo) } : {}),
    members,
  };
}

async function notify(settings: Settings, report: Report, release?: { record: QuarantineRecord; scope: StateScope | undefined }): Promise<void> {
  const { subject, message } = formatReport(report);
  // A quarantine alert says how to release: the approval and release commands and the dry-run plan.
  const how =
    release &&
    releaseInstructions(release.record, {
      tableName: settings.stateTableName,
      region: settings.region,
      releaseFunctionName: settings.releaseFunctionName,
      scope: release.scope,
    });
  // A report that cannot be sent fails the invocation: nobody may miss a containment.
  await publishAlert(
    ownClients.sns,
    settings.alertTopicArn,
    { subject, message: how ? `${message}\n\n${how.lines.join('\n')}` : message },
    // A containment that did not finish is always reported; the others may be suppressed.
    report.kind === 'incomplete' ? neverSuppressed : { accountId: report.accountId, region: report.region, resourceId: report.instanceId },
    {
      relatedResources: [report.instanceId],
      ...(how ? { nextSteps: how.nextSteps } : {}),
    },
  );
  // After the alert, so that a Security Hub refusal (which fails the invocation) never withholds it.
  const finding = quarantineFinding(report);
  if (finding) await importFinding(finding);
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
      ...untrustedOf(invocation.untrusted),
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
      alarmedInstanceIds: alarmedInstanceIdsOf(settings, settings.members.directory, context.stateScope),
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
    ...untrustedOf(invocation.untrusted),
    at: startedAt,
    priorState: priorStateOf(decision.plan.record),
  };
  if (settings.dryRun || invocation.dryRun) {
    const steps = plannedSteps(decision.plan, settings);
    await notify(settings, { ...base, kind: 'dry-run', steps });
    logger.info('dry run: nothing changed', { instanceId, steps });
    return { instanceId, outcome: 'dry-run', steps };
  }
  // Every trigger, per account (issue 19): a forged or mass trigger cannot isolate a fleet.
  // A re-run of a quarantine already under way is not a new one.
  if (decision.plan.recordPriorState && !(await state.takeQuarantine(new Date(), settings.maxQuarantinesPerHour))) {
    return alertOnly(
      'rate-limited',
      `${settings.maxQuarantinesPerHour} quarantines were already started in this account this hour (maxQuarantinesPerHour); check the instance and quarantine it by hand if needed`,
    );
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
      ...(invocation.revokeRoleNames ? { extraRoleNames: invocation.revokeRoleNames } : {}),
      ...(settings.networkAclRuleNumbers ? { networkAclRuleNumbers: settings.networkAclRuleNumbers } : {}),
    },
    decision.plan,
  );
  const failed = steps.filter((step) => step.status === 'failed');
  await notify(settings, { ...base, kind: failed.length > 0 ? 'incomplete' : 'contained', steps }, { record: decision.plan.record, scope: context.stateScope });
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
    if (invocation.kind === 'notify' || invocation.kind === 'await-approval') {
      results.push(await alertWithoutActing(settings, members.isHub, invocation));
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

function untrustedOf(untrusted: readonly UntrustedFact[] | undefined): { untrusted?: readonly UntrustedFact[] } {
  return untrusted && untrusted.length > 0 ? { untrusted } : {};
}

/**
 * A trigger that only alerts (a notify-only or sample finding, a refused one) or waits for a
 * person (approval-required finding types: recorded as pending in the state table). Nothing is
 * done in the account; the approval is a manual invocation of this function.
 */
async function alertWithoutActing(
  settings: Settings,
  isHub: boolean,
  invocation: Extract<Invocation, { kind: 'notify' } | { kind: 'await-approval' }>,
): Promise<QuarantineResult> {
  const { instanceId, target } = invocation;
  const at = new Date();
  const accountId = target?.accountId ?? settings.ownAccountId;
  const region = target?.region ?? settings.region;
  const where = isHub && target ? { accountId: target.accountId, region: target.region } : {};
  let approveCommand: string | undefined;
  if (invocation.kind === 'await-approval') {
    await new QuarantineState(ownClients.dynamodb, settings.stateTableName, isHub ? target : undefined).recordPending(instanceId, invocation.reason, at);
    const payload = JSON.stringify({ action: 'quarantine', instanceId, ...where, reason: `approved: ${invocation.reason}` });
    // Lambda sets AWS_LAMBDA_FUNCTION_NAME in every function (https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime).
    const functionName = envAtLoad('AWS_LAMBDA_FUNCTION_NAME') ?? '<prefix>-instance-quarantine';
    approveCommand = `aws lambda invoke --region ${settings.region} --function-name ${functionName} --cli-binary-format raw-in-base64-out --payload '${payload}' /dev/stdout`;
  }
  const kind = invocation.kind === 'await-approval' ? 'awaiting-approval' : invocation.notice === 'refused' ? 'refused' : invocation.notice;
  logger.warn('instance not quarantined', { instanceId, outcome: kind, reason: invocation.reason, trigger: invocation.trigger });
  const accountName = settings.members.directory?.accounts.get(accountId)?.name;
  await notify(settings, {
    kind,
    instanceId,
    accountId,
    ...(accountName ? { accountName } : {}),
    region,
    trigger: invocation.trigger,
    reason: invocation.reason,
    at: at.toISOString(),
    steps: [],
    ...(approveCommand ? { approveCommand } : {}),
  });
  return {
    instanceId,
    outcome: invocation.kind === 'await-approval' ? 'awaiting-approval' : invocation.notice === 'refused' ? 'refused' : 'notified',
    reason: invocation.reason,
    steps: [],
  };
}
