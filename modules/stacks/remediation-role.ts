import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PolicyStatement, identityPolicyJson, resourcePolicyJson } from '../common/iam-policy';
import { instanceQuarantineGuardName } from '../instance-quarantine';
import { QuarantinePermissionScope, instanceQuarantineStatements, instanceReleaseStatements } from '../instance-quarantine/permissions';
import { regionLockdownGuardName } from '../region-lockdown';
import { regionLockdownStatements } from '../region-lockdown/permissions';

/** Where a member's remediation roles act: that account, any region (IAM is global, one role per account). */
export interface RemediationScope {
  readonly accountId: string;
  /** The config's name prefix: the guards' own roles in the member (`<prefix>-*`) are protected. */
  readonly namePrefix: string;
  /** The member's copy of the Terraform-managed revocation deny policy (its home-region spoke stack). */
  readonly revocationPolicyArn: string;
  /** The member's copy of region-lockdown's Terraform-managed deny policy (its home-region spoke stack). */
  readonly regionDenyPolicyArn?: string;
  /** The guard's alarms in the member start with it. */
  readonly alarmNamePrefix: string;
  /** The member's instanceQuarantine.networkAclDeny: only then may its roles change network ACL entries. */
  readonly networkAclDeny?: boolean;
  readonly deployerRoleArn?: string;
}

/** The hub keeps state, logs and the alert topic: a member role holds none of those calls. */
const hubOnly = (action: string) => action.startsWith('sns:') || action.startsWith('logs:') || action.startsWith('dynamodb:');

function quarantineScope(scope: RemediationScope): QuarantinePermissionScope {
  return {
    environment: { accountId: scope.accountId, region: '*' },
    namePrefix: scope.namePrefix,
    // Filtered out below (hub-only); never granted in a member.
    alertTopicArn: '',
    stateTableArn: '',
    revocationPolicyArn: scope.revocationPolicyArn,
    alarmNamePrefix: scope.alarmNamePrefix,
    networkAclDeny: scope.networkAclDeny === true,
    ...(scope.deployerRoleArn ? { deployerRoleArn: scope.deployerRoleArn } : {}),
  };
}

function withoutHubOnly(statements: readonly PolicyStatement[]): PolicyStatement[] {
  return statements
    .map((statement) => ({ ...statement, actions: statement.actions.filter((action) => !hubOnly(action)) }))
    .filter((statement) => statement.actions.length > 0);
}

/** The member roles of one guard: role-name suffix -> statements. Empty for guards that only alert. */
export interface RemediationRoleSpec {
  /** `remediation` for the acting function; `release-remediation` for a guard's separate release function. */
  readonly kind: RemediationRoleKind;
  readonly statements: PolicyStatement[];
}

export type RemediationRoleKind = 'remediation' | 'release-remediation';

/**
 * What a guard's remediation roles may do in a member account: the guard's own effect statements
 * (the same functions the standalone roles use, so their fencing carries over: AttachRolePolicy and
 * DetachRolePolicy only of the member's deny policy, explicit Deny on protected roles), in every
 * region, without the statements that belong to the hub (its state table, logs, alert topic). The
 * quarantine's release gets a role of its own, so that neither function's credentials can do what
 * only the other needs. Empty for guards that only alert: they need no role in members.
 */
export function remediationRoleSpecs(guardName: string, scope: RemediationScope): RemediationRoleSpec[] {
  switch (guardName) {
    case instanceQuarantineGuardName:
      return [
        { kind: 'remediation', statements: withoutHubOnly(instanceQuarantineStatements(quarantineScope(scope))) },
        { kind: 'release-remediation', statements: withoutHubOnly(instanceReleaseStatements(quarantineScope(scope))) },
      ];
    case regionLockdownGuardName: {
      if (!scope.regionDenyPolicyArn) throw new Error(`${regionLockdownGuardName}: the member's deny policy ARN is needed for its remediation role`);
      const statements = regionLockdownStatements({
        environment: { accountId: scope.accountId, region: '*' },
        // Filtered out below (hub-only); never granted in a member.
        alertTopicArn: '',
        denyPolicyArns: [scope.regionDenyPolicyArn],
        namePrefix: scope.namePrefix,
        ...(scope.deployerRoleArn ? { deployerRoleArn: scope.deployerRoleArn } : {}),
      });
      return [{ kind: 'remediation', statements: withoutHubOnly(statements) }];
    }
    default:
      return [];
  }
}

/** Whether a guard acts in members (and so has remediation roles there). */
export function actsInMembers(guardName: string): boolean {
  return guardName === instanceQuarantineGuardName || guardName === regionLockdownGuardName;
}

export interface RemediationRoleProps {
  readonly roleName: string;
  readonly guardName: string;
  readonly accountId: string;
  /** The hub function roles (one per hub region of the guard, or of its release function) that may assume it, by exact ARN. */
  readonly hubRoleArns: readonly string[];
  readonly organizationId: string;
  readonly statements: readonly PolicyStatement[];
}

/**
 * The role a hub guard function assumes in a member account: trusted by that guard's hub roles
 * only (exact `aws:PrincipalArn`, and `aws:PrincipalOrgID`), holding that guard's effect permissions.
 */
export class RemediationRole extends Construct {
  readonly role: IamRole;

  constructor(scope: Construct, id: string, props: RemediationRoleProps) {
    super(scope, id);
    this.role = new IamRole(this, 'role', {
      name: props.roleName,
      description: `Assumed by the hub's ${props.guardName} function to act in this account`,
      // The least IAM allows; the function asks STS for 15 minutes, longer than its own timeout.
      maxSessionDuration: 3600,
      assumeRolePolicy: resourcePolicyJson([
        {
          sid: 'OnlyTheHubFunctionOfThisGuard',
          principal: { AWS: [...props.hubRoleArns] },
          actions: ['sts:AssumeRole'],
          resources: [],
          conditions: {
            ArnEquals: { 'aws:PrincipalArn': [...props.hubRoleArns] },
            StringEquals: { 'aws:PrincipalOrgID': props.organizationId },
          },
        },
      ]),
    });
    new IamRolePolicy(this, 'policy', {
      name: props.roleName,
      role: this.role.id,
      policy: identityPolicyJson(props.statements),
    });
  }
}
