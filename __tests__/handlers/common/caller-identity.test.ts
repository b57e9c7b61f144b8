import { describeCaller, sessionUsedMfa } from '../../../handlers/common/caller-identity';
import { cloudTrailRecord } from '../../helpers/cloudtrail-envelopes';

const identityOf = (name: string) => cloudTrailRecord(name).userIdentity as Record<string, unknown>;

describe('describeCaller', () => {
  it.each([
    ['consolelogin-root-success-no-mfa.json', 'root', 'root user of account 111122223333', 'root'],
    ['consolelogin-iam-user-success-mfa.json', 'iam-user', 'IAM user anaya', 'anaya'],
    // panther-analysis writes lower-case keys (principalid, sessioncontext): read them all the same.
    ['authorize-sg-ingress-console.json', 'assumed-role', 'role TestAdmin (session alan)', 'TestAdmin/alan'],
    ['createuser-assumedrole.json', 'assumed-role', 'role Tester', 'Tester'],
    ['signin-alert/consolelogin-sso-success.json', 'sso-user', 'SSO user jdoe@example.com (permission set AdministratorAccess)', 'jdoe@example.com'],
    [
      'signin-alert/consolelogin-failure-hidden-user.json',
      'iam-user',
      'an unknown IAM user (the name typed matched no user; AWS hides it in case it was a password)',
      'unknown user',
    ],
  ])('%s: %s', (name, kind, description, shortName) => {
    expect(describeCaller(identityOf(name))).toMatchObject({ kind, description, shortName });
  });

  it.each([
    [{ type: 'FederatedUser', arn: 'arn:aws:sts::111122223333:federated-user/bob', accountId: '111122223333' }, 'federated-user', 'federated user bob'],
    [
      {
        type: 'AssumedRole',
        arn: 'arn:aws:sts::111122223333:assumed-role/GitHubActions/run-42',
        sessionContext: {
          sessionIssuer: { userName: 'GitHubActions' },
          webIdFederationData: { federatedProvider: 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' },
        },
      },
      'federated-user',
      'federated user run-42 of arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com (role GitHubActions)',
    ],
    [{ type: 'IdentityCenterUser', onBehalfOf: { userId: '906a1234-5678' } }, 'identity-center-user', 'IAM Identity Center user 906a1234-5678'],
    [{ type: 'AWSService', invokedBy: 'cloudformation.amazonaws.com' }, 'aws-service', 'AWS service cloudformation.amazonaws.com'],
    [{ type: 'AWSAccount', accountId: '999988887777' }, 'aws-account', 'AWS account 999988887777'],
    [{ type: 'SAMLUser', principalId: 'p-1' }, 'federated-user', 'SAML-federated user p-1'],
    [{ type: 'SAMLUser', principalId: 'idp-hash:alice@example.com', userName: 'alice@example.com' }, 'federated-user', 'SAML-federated user alice@example.com'],
  ])('%j', (identity, kind, description) => {
    expect(describeCaller(identity)).toMatchObject({ kind, description });
  });

  it('reads whether the session used MFA, in either case of the key', () => {
    expect(sessionUsedMfa(identityOf('authorize-sg-ingress-console.json'))).toBe(true);
    expect(sessionUsedMfa(identityOf('create-security-group-terraform.json'))).toBe(false);
    expect(sessionUsedMfa(identityOf('consolelogin-root-success-no-mfa.json'))).toBeUndefined();
  });
});
