/**
 * The member accounts a hub region's heartbeat check watches, with their names: the accounts whose
 * entry in the region's member directory lists this region (modules/stacks/hub-heartbeat.ts writes
 * it for each account with spokes there). The directory, not the heartbeat table, because only the
 * deployer writes it: a hub principal who can write the table cannot take an account off the watch.
 * Pure.
 */
import { MemberDirectory, directoryList } from '../common/member-directory-format';
import { heartbeatRegionsDirectoryField } from './contract';

export function servedAccountsOf(directory: MemberDirectory, region: string): ReadonlyMap<string, string> {
  const served = new Map<string, string>();
  for (const [accountId, entry] of directory.accounts) {
    if (directoryList(directory, accountId, heartbeatRegionsDirectoryField).includes(region)) served.set(accountId, entry.name);
  }
  return served;
}
