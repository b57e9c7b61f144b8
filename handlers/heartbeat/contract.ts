/**
 * What the hub's heartbeat function and the hub stack (modules/stacks/hub-heartbeat.ts) agree on:
 * the function's environment, its name and the table's keys. Pure: modules/ imports it.
 */
import {
  EnvironmentValues,
  TextOf,
  alertTopicArnVariable,
  numberFrom,
  readEnvironment,
  serviceNameVariable,
  text,
  variable,
  writeEnvironment,
} from '../common/contract';

/** The function's name part and service name: `<prefix>-heartbeat` in every hub region. */
export const heartbeatServiceName = 'heartbeat';

export const heartbeatEnvironment = {
  alertTopicArn: alertTopicArnVariable,
  serviceName: serviceNameVariable,
  tableName: variable('HEARTBEAT_TABLE_NAME', text),
  /** The members' scheduled rule (`<prefix>-heartbeat`): a beat's `resources` names it in the beating account and region. */
  memberRuleName: variable('MEMBER_HEARTBEAT_RULE_NAME', text),
  /** The hub's own scheduled rule of this region: its Scheduled Event asks for the check. */
  checkRuleName: variable('HEARTBEAT_CHECK_RULE_NAME', text),
  intervalMinutes: variable('HEARTBEAT_INTERVAL_MINUTES', numberFrom(1)),
  missedBeats: variable('HEARTBEAT_MISSED_BEATS', numberFrom(1)),
} as const;
export type HeartbeatEnvironment = EnvironmentValues<typeof heartbeatEnvironment>;

export function readHeartbeatEnvironment(env: NodeJS.ProcessEnv = process.env): HeartbeatEnvironment {
  return readEnvironment(heartbeatEnvironment, env);
}
export function writeHeartbeatEnvironment(values: HeartbeatEnvironment, textOf?: TextOf): Record<string, string> {
  return writeEnvironment(heartbeatEnvironment, values, textOf);
}

/**
 * The table's keys: one item per member account of the region (`account#<id>`: its last beat, when
 * the hub first watched it, when its silence was reported). Which accounts the region serves is not
 * in the table but in the hub's member directory (below), which only the deployer writes.
 */
export const heartbeatTableKeys = {
  partitionKey: 'pk',
  expiresAt: 'expiresAt',
  accountPrefix: 'account#',
} as const;

/**
 * The member directory's list field of the heartbeat: per account, the hub region whose check
 * watches it (`[<region>]` in that region's directory, for each account with spokes there).
 */
export const heartbeatRegionsDirectoryField = 'heartbeatRegions';

/** How long an account's item outlives its last write: a region silent this long is reported again (as never seen). */
export const heartbeatRetentionDays = 30;
