import type { ConfigIssue } from '../common/config-issue';
import { guardRegistry } from '../stacks/guard-registry';
import type { GuardDefinition } from '../stacks/guard-registry';

/** The parts of the config the suppression checks read. */
interface ConfigWithSuppressions {
  readonly suppressions: readonly { readonly guard?: string; readonly accountId?: string; readonly region?: string }[];
  readonly accounts: readonly { readonly id: string; readonly regions?: readonly string[] }[];
  readonly regions: readonly string[];
  readonly hub?: unknown;
}

/**
 * What a suppression's `guard` may name: each registered guard's name and the names its alerts
 * carry besides (the registry's `alertNames`: the detections' ids), in registry order.
 */
export function suppressibleNames(): { guards: string[]; others: string[] } {
  const definitions = guardRegistry as readonly GuardDefinition[];
  return { guards: definitions.map((guard) => guard.name), others: definitions.flatMap((guard) => guard.alertNames ?? []) };
}

/**
 * The suppressions' mistakes the schema cannot see, each naming its field: a `guard` that names
 * no guard and no detection (it would never match, and the typo would go unnoticed); in hub mode,
 * where one hub function matches the member account as the event's account, an `accountId` that
 * is none of `accounts` or a `region` no account has (it would never match either).
 */
export function suppressionIssues(config: ConfigWithSuppressions): ConfigIssue[] {
  const { guards, others } = suppressibleNames();
  const known = new Set([...guards, ...others]);
  const accountIds = new Set(config.accounts.map((account) => account.id));
  const regions = new Set([...config.regions, ...config.accounts.flatMap((account) => account.regions ?? [])]);
  const issues: ConfigIssue[] = [];
  config.suppressions.forEach((suppression, index) => {
    if (suppression.guard !== undefined && !known.has(suppression.guard)) {
      issues.push({
        path: ['suppressions', index, 'guard'],
        message: `names no guard or detection: ${suppression.guard} (guards: ${guards.join(', ')}; detections: ${others.join(', ')})`,
      });
    }
    if (!config.hub) return;
    if (suppression.accountId !== undefined && !accountIds.has(suppression.accountId)) {
      issues.push({
        path: ['suppressions', index, 'accountId'],
        message: `${suppression.accountId} is none of accounts: the hub matches a suppression on the member account of the event, so it would never apply (accounts: ${[...accountIds].join(', ')})`,
      });
    }
    if (suppression.region !== undefined && !regions.has(suppression.region)) {
      issues.push({
        path: ['suppressions', index, 'region'],
        message: `${suppression.region} is no region of the config: it would never apply (regions: ${[...regions].join(', ')})`,
      });
    }
  });
  return issues;
}
