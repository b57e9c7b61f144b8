import { JsonObject, memberAt, textAt } from './cloudtrail-record';

/** Who made a call, as CloudTrail's `userIdentity` tells it. */
export type CallerKind =
  'root' | 'iam-user' | 'assumed-role' | 'sso-user' | 'federated-user' | 'identity-center-user' | 'aws-service' | 'aws-account' | 'unknown';

export interface Caller {
  readonly kind: CallerKind;
  /** For the body, e.g. `IAM user anaya`, `SSO user jdoe@example.com (permission set AdministratorAccess)`. */
  readonly description: string;
  /** For the subject, e.g. `anaya`, `root`, `TestAdmin/alan`. */
  readonly shortName: string;
  readonly arn: string | undefined;
  readonly accountId: string | undefined;
  /** IAM user name, when the caller is one and the name is known. */
  readonly userName: string | undefined;
  /** The role of an assumed-role or SSO session. */
  readonly roleName: string | undefined;
}

/**
 * What CloudTrail writes as the user name of a failed sign-in whose name matched no IAM user, so
 * that a password typed into the user-name field is never logged.
 */
export const hiddenUserName = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/** IAM Identity Center creates the roles of its permission sets as `AWSReservedSSO_<set>_<16 hex>`. */
const ssoRolePattern = /^AWSReservedSSO_(.+?)(_[0-9a-f]{16})?$/;

function lastArnPart(arn: string | undefined, resourceType: string): string[] | undefined {
  if (!arn) return undefined;
  const resource = arn.split(':').slice(5).join(':');
  if (!resource.startsWith(`${resourceType}/`)) return undefined;
  return resource.slice(resourceType.length + 1).split('/');
}

/** Describes the caller of a CloudTrail record from its `userIdentity`. */
export function describeCaller(userIdentity: JsonObject): Caller {
  const type = textAt(userIdentity, 'type');
  const arn = textAt(userIdentity, 'arn');
  const accountId = textAt(userIdentity, 'accountId');
  const base = { arn, accountId, userName: undefined, roleName: undefined };

  switch (type) {
    case 'Root':
      return { ...base, kind: 'root', description: `root user of account ${accountId ?? '(unknown)'}`, shortName: 'root' };
    case 'IAMUser': {
      const userName = textAt(userIdentity, 'userName') ?? lastArnPart(arn, 'user')?.at(-1);
      if (!userName || userName === hiddenUserName) {
        return {
          ...base,
          kind: 'iam-user',
          description: 'an unknown IAM user (the name typed matched no user; AWS hides it in case it was a password)',
          shortName: 'unknown user',
        };
      }
      return { ...base, kind: 'iam-user', userName, description: `IAM user ${userName}`, shortName: userName };
    }
    case 'AssumedRole':
      return describeAssumedRole(userIdentity, base);
    case 'FederatedUser': {
      const name = lastArnPart(arn, 'federated-user')?.join('/') ?? textAt(userIdentity, 'principalId') ?? 'unknown';
      return { ...base, kind: 'federated-user', description: `federated user ${name}`, shortName: name };
    }
    case 'SAMLUser': {
      // A SAML federation: the person is named by the identity provider, not by IAM.
      const principalId = textAt(userIdentity, 'principalId');
      const name = textAt(userIdentity, 'userName') ?? (principalId?.includes(':') ? principalId.split(':').slice(1).join(':') : principalId) ?? 'unknown';
      return { ...base, kind: 'federated-user', description: `SAML-federated user ${name}`, shortName: name };
    }
    case 'IdentityCenterUser': {
      const userId = textAt(userIdentity, 'onBehalfOf', 'userId') ?? textAt(userIdentity, 'principalId') ?? 'unknown';
      return { ...base, kind: 'identity-center-user', description: `IAM Identity Center user ${userId}`, shortName: userId };
    }
    case 'AWSService': {
      const service = textAt(userIdentity, 'invokedBy') ?? 'an AWS service';
      return { ...base, kind: 'aws-service', description: `AWS service ${service}`, shortName: service };
    }
    case 'AWSAccount': {
      const callerAccount = accountId ?? textAt(userIdentity, 'principalId') ?? 'unknown';
      return { ...base, kind: 'aws-account', description: `AWS account ${callerAccount}`, shortName: `account ${callerAccount}` };
    }
    default: {
      const name = arn ?? textAt(userIdentity, 'principalId') ?? 'unknown caller';
      return { ...base, kind: 'unknown', description: `${type ?? 'unknown'} identity ${name}`, shortName: name };
    }
  }
}

function describeAssumedRole(userIdentity: JsonObject, base: Pick<Caller, 'arn' | 'accountId' | 'userName' | 'roleName'>): Caller {
  const fromArn = lastArnPart(base.arn, 'assumed-role');
  const roleName = textAt(userIdentity, 'sessionContext', 'sessionIssuer', 'userName') ?? fromArn?.[0];
  const principalId = textAt(userIdentity, 'principalId');
  const sessionName = (fromArn && fromArn.length > 1 ? fromArn.slice(1).join('/') : undefined) ?? principalId?.split(':').slice(1).join(':') ?? undefined;
  const session = sessionName && sessionName.length > 0 ? sessionName : undefined;
  const sso = roleName ? ssoRolePattern.exec(roleName) : null;
  if (sso) {
    const person = session ?? 'unknown';
    return { ...base, roleName, kind: 'sso-user', description: `SSO user ${person} (permission set ${sso[1]})`, shortName: person };
  }
  const webIdentityProvider = textAt(userIdentity, 'sessionContext', 'webIdFederationData', 'federatedProvider');
  if (webIdentityProvider) {
    const person = session ?? 'unknown';
    return {
      ...base,
      roleName,
      kind: 'federated-user',
      description: `federated user ${person} of ${webIdentityProvider} (role ${roleName ?? 'unknown'})`,
      shortName: person,
    };
  }
  const role = roleName ?? 'unknown role';
  return {
    ...base,
    roleName,
    kind: 'assumed-role',
    description: session ? `role ${role} (session ${session})` : `role ${role}`,
    shortName: session ? `${role}/${session}` : role,
  };
}

/** Whether MFA was used for the session, as CloudTrail records it on the caller (`mfaAuthenticated`). */
export function sessionUsedMfa(userIdentity: JsonObject): boolean | undefined {
  const value = memberAt(userIdentity, 'sessionContext', 'attributes', 'mfaAuthenticated');
  if (value === true || (typeof value === 'string' && value.toLowerCase() === 'true')) return true;
  if (value === false || (typeof value === 'string' && value.toLowerCase() === 'false')) return false;
  return undefined;
}
