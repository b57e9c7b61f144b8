/**
 * The release function: a function of its own, with a role that can only undo what the state table
 * records (move interfaces back, detach the guard's deny policy, remove the guard's tags). Invoked
 * by a person with `{"instanceId": "i-...", "dryRun"?: true}`. Invoking it is not enough: a release
 * needs a fresh approval item in the state table, which only the configured approvers can write.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { SNSClient } from '@aws-sdk/client-sns';
import { publishAlert } from '../common/publish-alert';
import { neverSuppressed } from '../common/suppressed-alert';
import { resolveFinding } from '../common/security-hub-resolve';
import { quarantineFinding } from '../instance-quarantine/quarantine-finding';
import { STSClient } from '@aws-sdk/client-sts';
import { partitionOfArn, envAtLoad } from '../common/contract';
import { requireEnv } from '../common/contract';
import { ReleaseEnvironment, readReleaseEnvironment } from '../instance-quarantine/contract';
import { InvalidEventError } from '../common/errors';
import { guardLogger } from '../common/logger';
import { EventTarget, MemberAccountSettings, MemberAccounts, readOwnMemberAccountSettings, regionOfArn } from '../common/member-accounts';
import { GuardHandler, guardHandler } from '../common/guard-handler';
import { isInstanceId, manualTarget } from '../instance-quarantine/events';
import { actingContext, isCannotActError, reportCannotAct } from '../instance-quarantine/member-context';
import { describeInstanceFacts } from '../instance-quarantine/instance-facts';
import { ContainmentIncompleteError, StepResult } from '../instance-quarantine/step-results';
import { formatReport } from '../instance-quarantine/summary';
import { NothingToReleaseError, release } from './release';
import { plannedReleaseSteps } from '../instance-quarantine/release-instructions';
import { ReleaseState } from './release-state';
import { priorStateOf } from '../instance-quarantine/decision';
import { approvalHowTo, decideApproval } from './approval';

const logger = guardLogger('instance-quarantine-release');
const options = { maxAttempts: 5 };
// The alert topic may live in another region (hub mode: the home region's topic).
const topicRegion = regionOfArn(envAtLoad('ALERT_TOPIC_ARN') ?? '');
const clients = {
  ec2: new EC2Client(options),
  iam: new IAMClient(options),
  sns: new SNSClient({ ...options, ...(topicRegion ? { region: topicRegion } : {}) }),
  dynamodb: new DynamoDBClient(options),
};
// Hub mode: assumes the member's release remediation role.
const sts = new STSClient(options);

export interface ReleaseResult {
  readonly instanceId: string;
  readonly outcome: 'released' | 'dry-run' | 'not-found' | 'refused';
  readonly reason?: string;
  readonly steps: readonly StepResult[];
}

/**
 * `{"instanceId": "i-..."}`; `{"action": "release", ...}` as the quarantine function once took is
 * accepted too. Hub mode: `accountId` and `region` name the member.
 */
export function parseReleaseRequest(event: unknown): { instanceId: string; dryRun: boolean; target?: EventTarget } {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) throw new InvalidEventError('event: not a JSON object', 'manual');
  const request = event as Record<string, unknown>;
  if (request.action !== undefined && request.action !== 'release') throw new InvalidEventError(`action: "${String(request.action)}" is not release`, 'manual');
  if (!isInstanceId(request.instanceId)) throw new InvalidEventError('instanceId: must be an instance id such as i-0123456789abcdef0', 'manual');
  if (request.dryRun !== undefined && typeof request.dryRun !== 'boolean') throw new InvalidEventError('dryRun: must be true or false', 'manual');
  return { instanceId: request.instanceId, dryRun: request.dryRun === true, ...manualTarget(request) };
}

interface ReleaseSettings extends ReleaseEnvironment {
  readonly region: string;
  readonly memberSettings: MemberAccountSettings;
}

export const handler: GuardHandler<ReleaseResult> = guardHandler({
  logger,
  settings: async (): Promise<ReleaseSettings> => {
    const environment = readReleaseEnvironment();
    return {
      ...environment,
      region: requireEnv('AWS_REGION'),
      // Hub mode: the member directory, read once per container; unreadable, the invocation fails here.
      memberSettings: await readOwnMemberAccountSettings(partitionOfArn(environment.alertTopicArn)),
    };
  },
  parse: (event) => parseReleaseRequest(event),
  handle: (request, settings) => releaseInstance(settings, request),
});

async function releaseInstance(settings: ReleaseSettings, { instanceId, dryRun, target }: ReturnType<typeof parseReleaseRequest>): Promise<ReleaseResult> {
  const {
    alertTopicArn,
    stateTableName,
    dryRun: dryRunSetting,
    region,
    memberSettings,
    releaseApprovers: approvers,
    releaseApprovalMaxAgeMinutes: maxAgeMinutes,
  } = settings;
  const members = new MemberAccounts(sts, memberSettings, 'instance-quarantine-release');
  let context;
  try {
    context = await actingContext(
      members,
      memberSettings,
      { clients, region },
      (memberRegion, credentials) => ({
        ...clients,
        ec2: new EC2Client({ ...options, region: memberRegion, credentials }),
        iam: new IAMClient({ ...options, region: memberRegion, credentials }),
      }),
      target,
      undefined,
    );
  } catch (error) {
    if (isCannotActError(error)) {
      logger.error('cannot act in the member account', { instanceId, target, problem: error.message });
      await reportCannotAct(clients.sns, alertTopicArn, memberSettings, 'RELEASE', instanceId, target, error);
    }
    throw error;
  }
  const { revocationPolicyArn } = context;
  const accountName = context.accountName ? { accountName: context.accountName } : {};
  const state = new ReleaseState(clients.dynamodb, stateTableName, context.stateScope);

  const record = await state.record(instanceId);
  if (!record) throw new NothingToReleaseError(instanceId);
  const facts = await describeInstanceFacts(context.clients.ec2, instanceId);
  if (!facts) {
    logger.warn('instance not released', { instanceId, outcome: 'not-found' });
    return { instanceId, outcome: 'not-found', reason: `instance ${instanceId} does not exist in this account and region; its record is kept`, steps: [] };
  }
  // Hub mode: the account whose role acted (certain); standalone: the instance's owner.
  const base = {
    instanceId,
    accountId: context.stateScope?.accountId ?? facts.accountId,
    ...accountName,
    region: context.region,
    trigger: 'release',
    reason: 'manual release',
    at: new Date().toISOString(),
    priorState: priorStateOf(record),
  };
  const notify = async (kind: 'dry-run' | 'released' | 'release-incomplete' | 'release-refused', steps: StepResult[], reason?: string) => {
    const { subject, message } = formatReport({ ...base, ...(reason ? { reason } : {}), kind, steps });
    // A release that did not finish is always reported; the others may be suppressed.
    const facts = kind === 'release-incomplete' ? neverSuppressed : { accountId: base.accountId, region: base.region, resourceId: instanceId };
    await publishAlert(clients.sns, alertTopicArn, { subject, message }, facts, { relatedResources: [instanceId] });
    const finding = quarantineFinding({ ...base, ...(reason ? { reason } : {}), kind, steps });
    if (finding) await resolveFinding(finding);
  };
  const verdict = decideApproval({
    instanceId,
    item: await state.approval(instanceId),
    approvers,
    maxAgeMinutes,
    quarantineStartedAt: record.startedAt,
    now: new Date(),
  });
  const approvalStep: StepResult = verdict.approved
    ? { step: 'approval', status: 'done', detail: `approved by ${verdict.approvedBy} at ${verdict.approvedAt}; the approval is used up by this release` }
    : { step: 'approval', status: 'failed', detail: verdict.reason };
  if (dryRunSetting || dryRun) {
    // A dry run changes nothing, so it needs no approval; it says whether a release would be approved.
    const steps = [{ ...approvalStep, status: 'planned' as const }, ...plannedReleaseSteps(record)];
    await notify('dry-run', steps);
    return { instanceId, outcome: 'dry-run', steps };
  }
  const refuse = async (reason: string): Promise<ReleaseResult> => {
    const how = approvalHowTo(instanceId, stateTableName, context.stateScope);
    const steps: StepResult[] = [
      { step: 'approval', status: 'failed', detail: reason },
      { step: 'how-to-approve', status: 'skipped', detail: how },
    ];
    logger.warn('release refused', { instanceId, outcome: 'refused', reason });
    await notify('release-refused', steps, `release refused: ${reason}`);
    return { instanceId, outcome: 'refused', reason: `${reason}. ${how}`, steps };
  };
  if (!verdict.approved) return refuse(verdict.reason);
  // Used up before the first change: a replayed invocation, or one racing this one, finds no approval.
  if (!(await state.consumeApproval(instanceId, verdict.approvedAt)))
    return refuse(`the approval for ${instanceId} was used or replaced by another request in the meantime`);
  const steps = [approvalStep, ...(await release(context.clients, state, facts, record, revocationPolicyArn))];
  const failed = steps.filter((step) => step.status === 'failed');
  await notify(failed.length > 0 ? 'release-incomplete' : 'released', steps);
  if (failed.length > 0) throw new ContainmentIncompleteError(instanceId, failed);
  logger.info('instance released', { instanceId, steps });
  return { instanceId, outcome: 'released', steps };
}
