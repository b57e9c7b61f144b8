/**
 * The quarantine and release roles, as synthesized, simulated by an IAM policy evaluator
 * (@cloud-copilot/iam-simulate, a dev dependency) against the published IAM privilege-escalation
 * methods on arbitrary resources: each must be refused. Their one IAM write, the revocation deny
 * policy, is allowed only on unprotected roles and only for that exact policy.
 */
import { Testing } from 'cdktf';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { InstanceQuarantine } from '../../modules/instance-quarantine';
import { guardWiring, resourcesOf, testEnvironment } from '../helpers/guard-scope';

const accountId = testEnvironment.accountId;
const region = testEnvironment.region;
const deployerRoleArn = `arn:aws:iam::${accountId}:role/deployer`;
const revocationPolicyArn = `arn:aws:iam::${accountId}:policy/test-quarantine-revoke-instance-sessions-${region}`;

type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

const synthesized = Testing.synthScope((scope) => {
  new InstanceQuarantine(scope, 'instance-quarantine', { ...guardWiring(scope), deployerRoleArn });
});
const rolePolicies = Object.fromEntries(
  resourcesOf(synthesized, 'aws_iam_role_policy').map((policy) => [String(policy.name), JSON.parse(String(policy.policy))]),
);

async function decide(roleName: string, action: string, resource: string, context: Record<string, string> = {}): Promise<Decision> {
  const principal = `arn:aws:iam::${accountId}:role/${roleName}`;
  const response = await runSimulation(
    {
      request: {
        principal,
        action,
        resource: { resource, accountId },
        contextVariables: { 'aws:RequestedRegion': region, 'aws:PrincipalArn': principal, ...context },
      },
      identityPolicies: [{ name: roleName, policy: rolePolicies[roleName] }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(`simulation refused: ${JSON.stringify(response.errors)}`);
  return response.overallResult as Decision;
}

const anyRole = `arn:aws:iam::${accountId}:role/app-server`;
const anyUser = `arn:aws:iam::${accountId}:user/someone`;
const anyGroup = `arn:aws:iam::${accountId}:group/developers`;
const anyPolicy = `arn:aws:iam::${accountId}:policy/anything`;
const administratorAccess = 'arn:aws:iam::aws:policy/AdministratorAccess';

/** The published privilege-escalation methods, each on an arbitrary resource. */
// Every row has its context object: a row shorter than the test's parameters would make jest pass `done`.
const escalationMethods: [string, string, Record<string, string>][] = [
  ['iam:CreatePolicyVersion', anyPolicy, {}],
  ['iam:SetDefaultPolicyVersion', anyPolicy, {}],
  ['iam:PutRolePolicy', anyRole, {}],
  ['iam:PutUserPolicy', anyUser, {}],
  ['iam:PutGroupPolicy', anyGroup, {}],
  ['iam:AttachRolePolicy', anyRole, { 'iam:PolicyARN': administratorAccess }],
  ['iam:AttachUserPolicy', anyUser, { 'iam:PolicyARN': administratorAccess }],
  ['iam:AttachGroupPolicy', anyGroup, { 'iam:PolicyARN': administratorAccess }],
  ['iam:DetachRolePolicy', anyRole, { 'iam:PolicyARN': administratorAccess }],
  ['iam:DeleteRolePolicy', anyRole, {}],
  ['iam:PutRolePermissionsBoundary', anyRole, {}],
  ['iam:DeleteRolePermissionsBoundary', anyRole, {}],
  ['iam:CreateAccessKey', anyUser, {}],
  ['iam:CreateLoginProfile', anyUser, {}],
  ['iam:UpdateLoginProfile', anyUser, {}],
  ['iam:AddUserToGroup', anyGroup, {}],
  ['iam:UpdateAssumeRolePolicy', anyRole, {}],
  ['iam:CreateRole', anyRole, {}],
  ['iam:PassRole', anyRole, { 'iam:PassedToService': 'ec2.amazonaws.com' }],
  ['iam:PassRole', anyRole, { 'iam:PassedToService': 'lambda.amazonaws.com' }],
  ['iam:AddRoleToInstanceProfile', `arn:aws:iam::${accountId}:instance-profile/web`, {}],
  ['ec2:AssociateIamInstanceProfile', `arn:aws:ec2:${region}:${accountId}:instance/i-0123456789abcdef0`, {}],
  ['ec2:ReplaceIamInstanceProfileAssociation', `arn:aws:ec2:${region}:${accountId}:instance/i-0123456789abcdef0`, {}],
  ['ec2:RunInstances', `arn:aws:ec2:${region}:${accountId}:instance/*`, {}],
  ['lambda:CreateFunction', `arn:aws:lambda:${region}:${accountId}:function:escalate`, {}],
  ['lambda:UpdateFunctionCode', `arn:aws:lambda:${region}:${accountId}:function:test-instance-quarantine`, {}],
  ['lambda:UpdateFunctionConfiguration', `arn:aws:lambda:${region}:${accountId}:function:test-instance-quarantine`, {}],
  ['lambda:AddPermission', `arn:aws:lambda:${region}:${accountId}:function:test-instance-quarantine`, {}],
  ['sts:AssumeRole', anyRole, {}],
  ['cloudformation:CreateStack', `arn:aws:cloudformation:${region}:${accountId}:stack/escalate/*`, {}],
  ['ssm:SendCommand', `arn:aws:ec2:${region}:${accountId}:instance/i-0123456789abcdef0`, {}],
  ['glue:CreateDevEndpoint', '*', {}],
  ['datapipeline:CreatePipeline', '*', {}],
];

const roles = ['test-instance-quarantine', 'test-instance-quarantine-release'];

describe.each(roles)('the %s role', (roleName) => {
  it('exists in the synthesized stack', () => {
    expect(rolePolicies[roleName]).toBeDefined();
  });

  it.each(escalationMethods)('cannot escalate with %s on %s', async (action, resource, context) => {
    expect(await decide(roleName, action, resource, context)).not.toBe('Allowed');
  });

  it.each([
    `arn:aws:iam::${accountId}:role/test-instance-quarantine`,
    `arn:aws:iam::${accountId}:role/test-region-lockdown`,
    deployerRoleArn,
    `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`,
    `arn:aws:iam::${accountId}:role/AWSControlTowerExecution`,
    `arn:aws:iam::${accountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling`,
  ])('is explicitly denied its write of the revocation policy on protected role %s, and never allowed the other', async (role) => {
    const context = { 'iam:PolicyARN': revocationPolicyArn };
    const [own, other] = roleName.endsWith('-release') ? ['iam:DetachRolePolicy', 'iam:AttachRolePolicy'] : ['iam:AttachRolePolicy', 'iam:DetachRolePolicy'];
    expect(await decide(roleName, own, role, context)).toBe('ExplicitlyDenied');
    expect(await decide(roleName, other, role, context)).not.toBe('Allowed');
  });
});

describe('IAM Identity Center roles (aws-reserved)', () => {
  const ssoRole = `arn:aws:iam::${accountId}:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123456789abcdef`;

  it.each(roles)('%s is never allowed to attach or detach on them, and its policy denies them explicitly', async (roleName) => {
    // The simulator refuses any change to aws-reserved roles by itself (as IAM does), so the
    // explicit Deny is checked in the policy text as well.
    const context = { 'iam:PolicyARN': revocationPolicyArn };
    expect(await decide(roleName, 'iam:AttachRolePolicy', ssoRole, context)).not.toBe('Allowed');
    expect(await decide(roleName, 'iam:DetachRolePolicy', ssoRole, context)).not.toBe('Allowed');
    const deny = rolePolicies[roleName].Statement.find((statement: { Sid: string }) => statement.Sid === 'NeverTouchProtectedRoles');
    expect(deny.Effect).toBe('Deny');
    expect(deny.Resource).toContain(`arn:aws:iam::${accountId}:role/aws-reserved/*`);
  });
});

describe('the one IAM write each role holds', () => {
  const context = { 'iam:PolicyARN': revocationPolicyArn };

  it('the quarantine role may attach the revocation policy to an ordinary role, and not detach it', async () => {
    expect(await decide('test-instance-quarantine', 'iam:AttachRolePolicy', anyRole, context)).toBe('Allowed');
    expect(await decide('test-instance-quarantine', 'iam:DetachRolePolicy', anyRole, context)).not.toBe('Allowed');
  });

  it('the release role may detach it from an ordinary role, and not attach it', async () => {
    expect(await decide('test-instance-quarantine-release', 'iam:DetachRolePolicy', anyRole, context)).toBe('Allowed');
    expect(await decide('test-instance-quarantine-release', 'iam:AttachRolePolicy', anyRole, context)).not.toBe('Allowed');
  });
});
