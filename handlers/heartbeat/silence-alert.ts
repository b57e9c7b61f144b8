/**
 * The two alerts of the heartbeat check, in the one alert format: every member account of the
 * region that fell silent, in one message; every one that beats again, in another. Pure.
 */
import { FormattedAlert, formatAlert, formatUtcTime } from '../common/alert-format';
import type { RecoveredAccount, SilentAccount } from './silence';

const utc = (epochMs: number) => formatUtcTime(new Date(epochMs).toISOString()) ?? new Date(epochMs).toISOString();
const label = (accountId: string, accountName: string | undefined) => (accountName ? `${accountId} (${accountName})` : accountId);

export interface CheckContext {
  readonly region: string;
  readonly intervalMinutes: number;
  readonly missedBeats: number;
  readonly eventId: string;
  readonly guardName: string;
  /** The members' heartbeat rule, named in what to check. */
  readonly memberRuleName: string;
}

export function silenceAlert(silent: readonly SilentAccount[], context: CheckContext): FormattedAlert {
  const count = silent.length;
  return formatAlert({
    markers: ['HEARTBEAT MISSING'],
    title: `${count} member account${count === 1 ? '' : 's'} silent in ${context.region}`,
    summary:
      `The hub has had no heartbeat from ${count === 1 ? 'this member region' : 'these member regions'} for more than ${context.missedBeats} intervals of ` +
      `${context.intervalMinutes} minutes: its events may no longer reach the hub (rules deleted or disabled, forwarder role changed, or EventBridge failing there).`,
    facts: [
      { label: 'Region', value: context.region },
      {
        label: 'Silent',
        value: silent.map(
          (account) =>
            `${label(account.accountId, account.accountName)} in ${context.region}: ` +
            (account.lastBeatAt !== undefined ? `last beat ${utc(account.lastBeatAt)}` : `no beat since the hub began watching at ${utc(account.silentSince)}`),
        ),
      },
      {
        label: 'What to check',
        value: `the rule ${context.memberRuleName} and the other guard rules on the default bus of each account and region named, and the forwarder role of its home region`,
      },
    ],
    links: [],
    eventId: context.eventId || undefined,
    guardName: context.guardName,
  });
}

export function recoveryAlert(recovered: readonly RecoveredAccount[], context: CheckContext): FormattedAlert {
  const count = recovered.length;
  return formatAlert({
    markers: ['HEARTBEAT BACK'],
    title: `${count} member account${count === 1 ? '' : 's'} beating again in ${context.region}`,
    summary: `The hub receives heartbeats again from ${count === 1 ? 'a member region' : 'member regions'} it reported silent.`,
    facts: [
      { label: 'Region', value: context.region },
      {
        label: 'Beating again',
        value: recovered.map(
          (account) =>
            `${label(account.accountId, account.accountName)} in ${context.region}: beat at ${utc(account.lastBeatAt)}, reported silent at ${utc(account.silentReportedAt)}`,
        ),
      },
    ],
    links: [],
    eventId: context.eventId || undefined,
    guardName: context.guardName,
  });
}
