import { AwsEnvironment, arnFor } from './aws-environment';
import { PolicyStatement } from './iam-policy';

/** Sid of the Deny that keeps a guard role's IAM writes off the principals that run the account. */
export const protectedPrincipalsSid = 'DenyChangesToProtectedPrincipals';

/**
 * IAM writes that change what a principal may do. A guard role that holds any IAM write gets an
 * explicit Deny of all of them on the protected principals, whatever its Allow statements say: a
 * bug or a changed handler still cannot touch them.
 */
export const principalChangingActions = [
  'iam:AttachRolePolicy',
  'iam:AttachUserPolicy',
  'iam:DeleteRolePermissionsBoundary',
  'iam:DeleteRolePolicy',
  'iam:DeleteUserPermissionsBoundary',
  'iam:DeleteUserPolicy',
  'iam:DetachRolePolicy',
  'iam:DetachUserPolicy',
  'iam:PassRole',
  'iam:PutRolePermissionsBoundary',
  'iam:PutRolePolicy',
  'iam:PutUserPermissionsBoundary',
  'iam:PutUserPolicy',
  'iam:UpdateAssumeRolePolicy',
] as const;

export interface ProtectedPrincipalsOptions {
  readonly environment: AwsEnvironment;
  /** The guards' name prefix: every guard role is named `<prefix>-...`. */
  readonly namePrefix: string;
  /** The role Terraform deploys the guards with (the account's `roleArn` in the config), if any. */
  readonly deployerRoleArn?: string;
}

/**
 * The principals no guard may change: the guards' own roles, the deployer, the roles through which
 * the organization administers the account (`OrganizationAccountAccessRole`, Control Tower's
 * `AWSControlTowerExecution`), and IAM Identity Center's roles (`aws-reserved/*`).
 */
export function protectedPrincipalArns(options: ProtectedPrincipalsOptions): string[] {
  const iam = (resource: string) => arnFor(options.environment, 'iam', resource, { global: true });
  return [
    iam(`role/${options.namePrefix}-*`),
    iam('role/OrganizationAccountAccessRole'),
    iam('role/AWSControlTowerExecution'),
    iam('role/aws-reserved/*'),
    ...(options.deployerRoleArn ? [options.deployerRoleArn] : []),
  ];
}

/** The explicit Deny of every principal-changing IAM write on the protected principals. */
export function protectedPrincipalsDenyStatement(options: ProtectedPrincipalsOptions): PolicyStatement {
  return {
    sid: protectedPrincipalsSid,
    effect: 'Deny',
    actions: [...principalChangingActions],
    resources: protectedPrincipalArns(options),
  };
}
