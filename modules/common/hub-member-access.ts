import { writeMemberAccountEnvironment } from '../../handlers/common/member-account-names';
import { arnFor } from './aws-environment';
import type { HubContext } from './hub-hooks';
import type { HubConfigView } from './hub-config-view';
import { RemediationRoleKind, remediationRoleName } from './hub-names';
import type { PolicyStatement } from './iam-policy';

/**
 * How a hub function reaches its members: the statement that lets it assume the guard's member
 * role, and the variables that name that role and the accounts.
 */

/**
 * Lambda allows 4 KB of environment in all; the account map takes what the other variables leave.
 * A larger organization's alerts name accounts by id only (docs/hub-mode.md, "Trust").
 */
const accountNamesBudget = 2500;

/** Up to this many member roles are listed by exact ARN; more would not fit the role policy's size limit. */
const maxListedRoleArns = 25;

/** `{"<id>": "<name>", ...}` of every account, when it fits the environment. */
export function accountNamesText(config: HubConfigView): string | undefined {
  const text = JSON.stringify(Object.fromEntries(config.accounts.map((account) => [account.id, account.name])));
  return text.length <= accountNamesBudget ? text : undefined;
}

/**
 * `sts:AssumeRole` on the guard's remediation role of each member, and nothing else: listed by
 * exact ARN for a small organization; for a large one, the role's exact name in any account of the
 * organization (`aws:ResourceOrgID`), since a role policy holds at most 10,240 characters.
 */
export function assumeRemediationRoleStatement(
  config: HubConfigView,
  guardName: string,
  memberIds: readonly string[],
  kind: RemediationRoleKind = 'remediation',
): PolicyStatement {
  const roleName = remediationRoleName(config, guardName, kind);
  const roleArn = (accountId: string) => arnFor({ accountId, region: '' }, 'iam', `role/${roleName}`, { global: true });
  const organization = { StringEquals: { 'aws:ResourceOrgID': config.hub!.organizationId } };
  return memberIds.length <= maxListedRoleArns
    ? { sid: 'AssumeMemberRemediationRoles', actions: ['sts:AssumeRole'], resources: [...memberIds].sort().map(roleArn), conditions: organization }
    : { sid: 'AssumeMemberRemediationRoles', actions: ['sts:AssumeRole'], resources: [roleArn('*')], conditions: organization };
}

/** The variables that tell a hub function the member role it acts through (if any) and the accounts' names. */
export function memberAccountVariables(context: HubContext, remoteRoleName?: string): Record<string, string> {
  return writeMemberAccountEnvironment({ ...(remoteRoleName ? { remoteRoleName } : {}), accountNamesJson: context.accountNamesJson });
}
