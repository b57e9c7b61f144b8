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

/** Up to this many member roles are listed by exact ARN; more would not fit the role policy's size limit. */
const maxListedRoleArns = 25;

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

/** The hub context's member directory; every hub function needs it, so a context without one is a bug. */
function directoryOf(context: HubContext): NonNullable<HubContext['memberDirectory']> {
  if (!context.memberDirectory) throw new Error('a hub function is built outside a hub stack: no member directory to read');
  return context.memberDirectory;
}

/**
 * The variables that tell a hub function the member role it acts through (if any) and where its
 * region's member directory lies (the accounts it serves, their names): only the location, so that
 * the environment stays the same size however many accounts the hub serves.
 */
export function memberAccountVariables(context: HubContext, remoteRoleName?: string): Record<string, string> {
  return writeMemberAccountEnvironment({ ...(remoteRoleName ? { remoteRoleName } : {}), directory: directoryOf(context).location });
}

/** What a hub function built by a guard's own hub parts (not the hub stack) adds to read the directory. */
export function memberDirectoryStatements(context: HubContext): PolicyStatement[] {
  return [directoryOf(context).readStatement];
}
