/**
 * Hub mode for the quarantine and release functions: where one invocation acts (the member's
 * account and region, through its remediation role) and the alert when it cannot. Standalone (no
 * remote role in the environment): the function's own clients, account and region, as before.
 */
import { SNSClient } from '@aws-sdk/client-sns';
import { publishAlert } from '../common/publish-alert';
import { neverSuppressed } from '../common/suppressed-alert';
import { requireEnv } from '../common/contract';
import { InvalidEventError } from '../common/errors';
import { EventTarget, MemberAccounts, MemberAccountSettings, UnknownAccountError, accountLabel } from '../common/member-accounts';
import { releaseEnvironment } from './contract';
import type { StateScope } from './state-record';
import { snsSubject } from './summary';

export interface ActingContext<Clients> {
  readonly clients: Clients;
  readonly region: string;
  readonly accountName?: string;
  /** Hub mode: the member the state table items belong to. */
  readonly stateScope?: StateScope;
  /** The deny policy in the account acted in. */
  readonly revocationPolicyArn: string;
}

/**
 * Standalone: REVOCATION_POLICY_ARN; hub: the member's copy of the policy, by name. Each is optional
 * in the contract (set in one mode only), so the mode that needs it requires it here.
 */
export function revocationPolicyArnFor(members: MemberAccountSettings, accountId: string | undefined): string {
  const { revocationPolicyArn, revocationPolicyName } = releaseEnvironment;
  if (accountId === undefined) return requireEnv(revocationPolicyArn.name);
  return `arn:${members.partition}:iam::${accountId}:policy/${requireEnv(revocationPolicyName.name)}`;
}

export async function actingContext<Clients>(
  members: MemberAccounts,
  memberSettings: MemberAccountSettings,
  own: { clients: Clients; region: string },
  memberClients: (region: string, credentials: NonNullable<Awaited<ReturnType<MemberAccounts['credentialsFor']>>>) => Clients,
  target: EventTarget | undefined,
  eventId: string | undefined,
): Promise<ActingContext<Clients>> {
  if (!members.isHub) return { ...own, revocationPolicyArn: revocationPolicyArnFor(memberSettings, undefined) };
  if (!target)
    throw new InvalidEventError(
      'the event names no member account and region (hub mode needs them: a forwarded event, or accountId and region in a manual one)',
      'hub',
    );
  const credentials = await members.credentialsFor(target, eventId);
  if (!credentials) throw new Error('hub mode: STS gave no credentials');
  const name = memberSettings.directory?.accounts.get(target.accountId)?.name;
  return {
    clients: memberClients(target.region, credentials),
    region: target.region,
    ...(name ? { accountName: name } : {}),
    stateScope: target,
    revocationPolicyArn: revocationPolicyArnFor(memberSettings, target.accountId),
  };
}

export { isCannotActError } from '../common/member-accounts';

/** The guard could not act in the member account: a person must know, and the event stays in the failure queue. */
export async function reportCannotAct(
  sns: SNSClient,
  alertTopicArn: string,
  memberSettings: MemberAccountSettings,
  what: 'QUARANTINE' | 'RELEASE',
  instanceId: string,
  target: EventTarget | undefined,
  error: Error,
): Promise<void> {
  const where = target ? `${accountLabel(memberSettings, target.accountId)}/${target.region}` : 'an unnamed account';
  const subject = snsSubject(`[${what} NOT DONE] ${instanceId} in ${where}: ${error.name}`);
  const body = [
    `${what} NOT DONE: EC2 instance ${instanceId} in account ${where}.`,
    `The guard refused or could not act: ${error.message}`,
    error instanceof UnknownAccountError
      ? 'The account is not one the hub serves: check who forwarded this event (the hub bus accepts only the organization).'
      : "Check the member's remediation role (deployed by its home-region spoke stack) and its trust in the hub function's role.",
    what === 'QUARANTINE'
      ? "The event waits in the function's failure queue; contain the instance by hand now."
      : 'Nothing was changed; release the instance by hand or fix the role and invoke again.',
  ].join('\n');
  await publishAlert(sns, alertTopicArn, { subject, message: body }, neverSuppressed, { relatedResources: [instanceId] });
}
