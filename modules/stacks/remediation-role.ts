import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsEnvironment } from '../common/aws-environment';
import { PolicyStatement, identityPolicyJson, resourcePolicyJson } from '../common/iam-policy';
import { instanceQuarantineGuardName } from '../instance-quarantine';
import { instanceQuarantineStatements } from '../instance-quarantine/permissions';

/**
 * What a guard's remediation role may do in a member account: the guard's own effect statements
 * (the same function the standalone role uses, so their fencing carries over), in every region
 * (IAM is global, one role per account), without the statements that belong to the hub (its logs,
 * its alert topic). Undefined for guards that only alert: they need no role in members.
 */
export function remediationStatements(guardName: string, accountId: string): PolicyStatement[] | undefined {
  const anyRegion: AwsEnvironment = { accountId, region: '*' };
  const hubOnly = (action: string) => action.startsWith('sns:') || action.startsWith('logs:');
  switch (guardName) {
    case instanceQuarantineGuardName:
      return instanceQuarantineStatements(anyRegion, '')
        .map((statement) => ({ ...statement, actions: statement.actions.filter((action) => !hubOnly(action)) }))
        .filter((statement) => statement.actions.length > 0);
    default:
      return undefined;
  }
}

export interface RemediationRoleProps {
  readonly roleName: string;
  readonly guardName: string;
  readonly accountId: string;
  /** The hub function roles (one per hub region of the guard) that may assume it, by exact ARN. */
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
