import { Construct } from 'constructs';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { PolicyStatement, identityPolicyJson, resourcePolicyJson } from './iam-policy';

/** The hub keeps state, logs and the alert topic: a member role holds none of those calls. */
const hubOnly = (action: string) => action.startsWith('sns:') || action.startsWith('logs:') || action.startsWith('dynamodb:');

/**
 * A guard's effect statements for a member role: the same functions the standalone roles use, so
 * their fencing carries over, without the statements that belong to the hub (its state table, logs,
 * alert topic).
 */
export function withoutHubOnly(statements: readonly PolicyStatement[]): PolicyStatement[] {
  return statements
    .map((statement) => ({ ...statement, actions: statement.actions.filter((action) => !hubOnly(action)) }))
    .filter((statement) => statement.actions.length > 0);
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
