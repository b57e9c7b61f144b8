/**
 * Decision: which served member accounts of a hub region fell silent since the last check, and which
 * beat again after their silence was reported. Pure: no AWS call, the clock is an argument.
 */

/** What the table holds for one member account of the region (times in epoch milliseconds). */
export interface AccountRecord {
  readonly accountId: string;
  /** The firing time of its latest beat. */
  readonly lastBeatAt?: number;
  /** When the check first looked for it and found no beat (a new member has until then plus the threshold). */
  readonly watchedSince?: number;
  /** When its silence was reported: not reported again until it has beaten. */
  readonly silentReportedAt?: number;
}

export interface SilentAccount {
  readonly accountId: string;
  readonly accountName: string | undefined;
  /** Its latest beat, or undefined when the hub has none on record. */
  readonly lastBeatAt: number | undefined;
  /** What the silence is counted from: the latest beat, else when the hub first watched it. */
  readonly silentSince: number;
}

export interface RecoveredAccount {
  readonly accountId: string;
  readonly accountName: string | undefined;
  readonly lastBeatAt: number;
  readonly silentReportedAt: number;
}

export interface HeartbeatVerdicts {
  /** Silent past the threshold and not reported yet: one alert lists them all. */
  readonly newlySilent: readonly SilentAccount[];
  /** Reported silent, beating again: one alert lists them all. */
  readonly recovered: readonly RecoveredAccount[];
  /** Served but without an item yet: watched from now on, no alert. */
  readonly firstWatched: readonly string[];
}

/** EventBridge delivers a scheduled beat within about a minute; five minutes of slack keep a late beat from counting as missed. */
export const deliveryGraceMs = 5 * 60_000;

/** Silence longer than this is an alert: `missedBeats` whole intervals without a beat, plus the grace. */
export function silenceThresholdMs(settings: { readonly intervalMinutes: number; readonly missedBeats: number }): number {
  return settings.missedBeats * settings.intervalMinutes * 60_000 + deliveryGraceMs;
}

export function judgeHeartbeats(
  now: number,
  expected: ReadonlyMap<string, string | undefined>,
  records: ReadonlyMap<string, AccountRecord>,
  thresholdMs: number,
): HeartbeatVerdicts {
  const newlySilent: SilentAccount[] = [];
  const recovered: RecoveredAccount[] = [];
  const firstWatched: string[] = [];
  for (const [accountId, accountName] of [...expected].sort(([a], [b]) => a.localeCompare(b))) {
    const record = records.get(accountId);
    const silentSince = record?.lastBeatAt ?? record?.watchedSince;
    if (!record || silentSince === undefined) {
      firstWatched.push(accountId);
      continue;
    }
    const silent = now - silentSince > thresholdMs;
    if (silent && record.silentReportedAt === undefined) {
      newlySilent.push({ accountId, accountName, lastBeatAt: record.lastBeatAt, silentSince });
    } else if (!silent && record.silentReportedAt !== undefined && record.lastBeatAt !== undefined && record.lastBeatAt > record.silentReportedAt) {
      recovered.push({ accountId, accountName, lastBeatAt: record.lastBeatAt, silentReportedAt: record.silentReportedAt });
    }
  }
  return { newlySilent, recovered, firstWatched };
}
