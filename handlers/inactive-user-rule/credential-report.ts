import { ActiveAccessKey, CredentialUse } from './credential-use';
import { parse as parseCsv } from 'csv-parse/sync';
import { CredentialReportFormatError } from './inactive-user-errors';

/** What the credential report says about one user. */
export interface ReportedUser {
  readonly userName: string;
  readonly arn: string;
  /** When the reported user was created: tells a user deleted and re-created under the same name apart. */
  readonly createdAt?: Date;
  /** Every recorded use of its password and access keys (none when it never used one). */
  readonly uses: readonly CredentialUse[];
  /** Its active access keys, when the report has the columns (IAM's always does). */
  readonly activeAccessKeys?: readonly ActiveAccessKey[];
}

/** The report's row of the account's root user, which is not an IAM user. */
const rootUserName = '<root_account>';

const usageColumns = [
  { column: 'password_last_used', credential: 'password' },
  { column: 'access_key_1_last_used_date', credential: 'access key 1' },
  { column: 'access_key_2_last_used_date', credential: 'access key 2' },
] as const;

const accessKeyColumns = [1, 2].map((number) => ({
  credential: `access key ${number}`,
  active: `access_key_${number}_active`,
  rotated: `access_key_${number}_last_rotated`,
  lastUsed: `access_key_${number}_last_used_date`,
}));

/** A date cell; `N/A`, `no_information` (used before IAM tracked it) and `not_supported` are no date. */
function dateCell(text: string | undefined): Date | undefined {
  if (!text || !/^\d{4}-\d{2}-\d{2}T/.test(text)) return undefined;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The IAM users of a credential report (CSV text), by user name, root excluded. A user listed on
 * several rows keeps every use they record. Throws {@link CredentialReportFormatError} when a
 * column the rule reads is missing.
 */
export function parseCredentialReport(csv: string): Map<string, ReportedUser> {
  // RFC 4180, as IAM writes it: user names may hold commas, so fields may be quoted.
  const [header, ...rows] = parseCsv(csv, { skip_empty_lines: true, relax_column_count: true }) as string[][];
  if (!header) throw new CredentialReportFormatError('the credential report is empty');
  const columnIndex = (column: string): number => {
    const index = header.indexOf(column);
    if (index < 0) throw new CredentialReportFormatError(`the credential report has no ${column} column`);
    return index;
  };
  const userIndex = columnIndex('user');
  const arnIndex = columnIndex('arn');
  const createdIndex = columnIndex('user_creation_time');
  const usageIndexes = usageColumns.map((usage) => ({ ...usage, index: columnIndex(usage.column) }));
  const keyIndexes = accessKeyColumns.every((key) => header.includes(key.active) && header.includes(key.rotated))
    ? accessKeyColumns.map((key) => ({
        credential: key.credential,
        active: header.indexOf(key.active),
        rotated: header.indexOf(key.rotated),
        lastUsed: header.indexOf(key.lastUsed),
      }))
    : undefined;
  const users = new Map<string, ReportedUser>();
  for (const row of rows) {
    const userName = row[userIndex];
    if (!userName || userName === rootUserName) continue;
    const uses = usageIndexes.flatMap(({ credential, index }) => {
      const at = dateCell(row[index]);
      return at ? [{ credential, at }] : [];
    });
    const activeAccessKeys = keyIndexes?.flatMap((key): ActiveAccessKey[] => {
      if (row[key.active] !== 'true') return [];
      const createdAt = dateCell(row[key.rotated]);
      const lastUsedAt = dateCell(row[key.lastUsed]);
      return [{ credential: key.credential, ...(createdAt ? { createdAt } : {}), ...(lastUsedAt ? { lastUsedAt } : {}) }];
    });
    const earlier = users.get(userName);
    const keys = activeAccessKeys || earlier?.activeAccessKeys ? [...(earlier?.activeAccessKeys ?? []), ...(activeAccessKeys ?? [])] : undefined;
    users.set(userName, {
      userName,
      arn: row[arnIndex] ?? earlier?.arn ?? '',
      createdAt: dateCell(row[createdIndex]) ?? earlier?.createdAt,
      uses: [...(earlier?.uses ?? []), ...uses],
      ...(keys ? { activeAccessKeys: keys } : {}),
    });
  }
  return users;
}
