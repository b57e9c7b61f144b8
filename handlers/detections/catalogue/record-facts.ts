/**
 * Facts the detections read from a CloudTrail record: the principals a policy names, whether an
 * account is another one, whether a name is one of the guards' own. Pure.
 */
import { CloudTrailRecord, compactJson, isObject, memberAt, textAt } from '../../common/cloudtrail-record';
import { Danger } from './detection';

/** The account id in an ARN (`arn:aws:iam::111122223333:root`) or a bare 12-digit id; undefined for a service or `*`. */
export function accountOfPrincipal(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const account = principal.split(':')[4];
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** A policy document as CloudTrail writes it (JSON text, URL-encoded or not, or an object). */
export function policyDocument(value: unknown): unknown {
  if (isObject(value)) return value;
  const text = compactJson(value);
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Every principal an Allow statement names (`AWS`, `Federated`, `Service`, or `*`). */
export function allowedPrincipals(document: unknown): string[] {
  const statements = memberAt(document, 'Statement');
  const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
  return list.flatMap((statement) => {
    if (!isObject(statement) || textAt(statement, 'Effect') !== 'Allow') return [];
    const principal = memberAt(statement, 'Principal');
    if (principal === '*') return ['*'];
    if (!isObject(principal)) return [];
    return Object.values(principal).flatMap((value) => (Array.isArray(value) ? value.map(String) : [String(value)]));
  });
}

/** The dangers of a set of principals for the record's account: anyone, or another account. */
export function principalDangers(principals: readonly string[], record: CloudTrailRecord, what: string): Danger[] {
  const dangers: Danger[] = [];
  if (principals.some((principal) => principal === '*' || principal === 'arn:aws:iam::*:root')) {
    dangers.push({ marker: 'PUBLIC', reason: `${what} lets anyone (principal *)` });
  }
  const outside = [...new Set(principals.map(accountOfPrincipal).filter((account): account is string => !!account && account !== record.accountId))];
  if (outside.length > 0) dangers.push({ marker: 'OUTSIDE ACCOUNT', reason: `${what} lets account(s) ${outside.join(', ')} in` });
  return dangers;
}

/** The accounts (or `all`, public) a sharing call adds, from CloudTrail's `add.items[].userId|group` lists. */
export function sharedWith(addList: unknown[]): string[] {
  return addList.map((item) => textAt(item, 'userId') ?? (textAt(item, 'group') === 'all' ? 'all' : undefined)).filter((who): who is string => !!who);
}

/** The danger of sharing a resource with accounts, or with everyone (`all`). */
export function sharingDangers(who: readonly string[], record: CloudTrailRecord, what: string): Danger[] {
  const dangers: Danger[] = [];
  if (who.includes('all')) dangers.push({ marker: 'PUBLIC', reason: `${what} is now shared with every AWS account` });
  const outside = who.filter((account) => account !== 'all' && account !== record.accountId);
  if (outside.length > 0) dangers.push({ marker: 'OUTSIDE ACCOUNT', reason: `${what} is now shared with account(s) ${outside.join(', ')}` });
  return dangers;
}

/** A resource of the guards themselves (`<prefix>-...`), whose change may disarm them. */
export function guardResourceDangers(name: string | undefined, namePrefix: string, what: string): Danger[] {
  if (!name) return [];
  const shortName = name.split(/[:/]/).at(-1) ?? name;
  return shortName.startsWith(`${namePrefix}-`) ? [{ marker: 'GUARD RESOURCE', reason: `${what} is one of the security guards' own (${namePrefix}-*)` }] : [];
}
