/**
 * Hub mode: the member directory, the accounts a hub serves with their names and, per account, the
 * lists a guard needs (the quarantine's alarmed instances). One S3 object per hub region, written
 * by Terraform (modules/stacks/hub-member-directory.ts) and read by the hub functions once per
 * container (handlers/common/member-directory.ts). Pure: the construct writes the text with
 * {@link memberDirectoryText}, the handlers read it with {@link parseMemberDirectory}.
 *
 * ```json
 * {"formatVersion":1,"accounts":{"222222222222":{"name":"production","alarmedInstances":["i-0abc..."]}}}
 * ```
 */

/** The object's key in the directory bucket of each hub region. */
export const memberDirectoryKey = 'member-directory.json';

const formatVersion = 1;

export interface MemberDirectoryEntry {
  readonly name: string;
  /** A guard's lists for this account, by field name (e.g. `alarmedInstances`); absent: empty. */
  readonly lists: Readonly<Record<string, readonly string[]>>;
}

export interface MemberDirectory {
  /** Every account the hub serves, by id. */
  readonly accounts: ReadonlyMap<string, MemberDirectoryEntry>;
}

/** The lists of one account's field, empty when the directory names none. */
export function directoryList(directory: MemberDirectory, accountId: string, field: string): readonly string[] {
  return directory.accounts.get(accountId)?.lists[field] ?? [];
}

/**
 * The object's text: every account with its name and the non-empty lists of the guards, a list field
 * named by one guard only (two guards writing the same field is a synth error).
 */
export function memberDirectoryText(
  accounts: readonly { readonly id: string; readonly name: string }[],
  lists: readonly Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>[] = [],
): string {
  const entries: Record<string, Record<string, unknown>> = Object.fromEntries(accounts.map((account) => [account.id, { name: account.name }]));
  const fields = new Set<string>();
  for (const byField of lists) {
    for (const [field, byAccount] of Object.entries(byField)) {
      if (field === 'name' || fields.has(field)) throw new Error(`member directory: the list field ${field} is written twice (or shadows the name)`);
      fields.add(field);
      for (const [accountId, values] of Object.entries(byAccount)) {
        const entry = entries[accountId];
        if (!entry) throw new Error(`member directory: ${field} names account ${accountId}, which is not one of the config's accounts`);
        if (values.length > 0) entry[field] = [...values];
      }
    }
  }
  return JSON.stringify({ formatVersion, accounts: entries });
}

/** Parses the object's text; a malformed directory throws an error naming `source` and the part. */
export function parseMemberDirectory(text: string, source: string): MemberDirectory {
  const fail = (problem: string): never => {
    throw new Error(`the member directory ${source} is malformed: ${problem}`);
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return fail('not JSON');
  }
  const document = parsed as { formatVersion?: unknown; accounts?: unknown };
  if (typeof parsed !== 'object' || parsed === null || document.formatVersion !== formatVersion) fail(`formatVersion must be ${formatVersion}`);
  if (typeof document.accounts !== 'object' || document.accounts === null || Array.isArray(document.accounts)) fail('accounts must be an object');
  const accounts = new Map<string, MemberDirectoryEntry>();
  for (const [accountId, value] of Object.entries(document.accounts as Record<string, unknown>)) {
    if (!/^\d{12}$/.test(accountId)) fail(`accounts: ${JSON.stringify(accountId)} is not an account id`);
    const { name, ...rest } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
    if (typeof name !== 'string' || name === '') fail(`accounts.${accountId}.name must be a non-empty string`);
    const lists: Record<string, readonly string[]> = {};
    for (const [field, list] of Object.entries(rest)) {
      if (!Array.isArray(list) || !list.every((item) => typeof item === 'string')) fail(`accounts.${accountId}.${field} must be a list of strings`);
      lists[field] = list as string[];
    }
    accounts.set(accountId, { name: name as string, lists });
  }
  return { accounts };
}
