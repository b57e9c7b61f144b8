/**
 * What a taken-over hub quarantine function can do through a member's remediation role, simulated
 * by an IAM policy evaluator (@cloud-copilot/iam-simulate) over the role policy synthesized for
 * examples/organization.yaml: the identity policy alone, as the role's credentials would be judged.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

const member = '222222222222';
const production = synthesizeConfigFile('examples/organization.yaml').find((stack) => stack.name === 'production-us-east-1')!;
const rolePolicy = Object.values(resourcesOfType(production.json, 'aws_iam_role_policy')).find(
  (policy) => policy.name === 'guards-instance-quarantine-remediation-us-east-1',
)!;
const remediationRole = `arn:aws:iam::${member}:role/guards-instance-quarantine-remediation-us-east-1`;

async function decide(action: string, resource: string, context: Record<string, string | string[]> = {}): Promise<string> {
  const response = await runSimulation(
    {
      request: {
        principal: remediationRole,
        action,
        resource: { resource, accountId: member },
        contextVariables: { 'aws:PrincipalArn': remediationRole, ...context },
      },
      identityPolicies: [{ name: 'remediation', policy: JSON.parse(String(rolePolicy.policy)) }],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') throw new Error(JSON.stringify(response.errors));
  return response.overallResult;
}

const group = `arn:aws:ec2:eu-west-1:${member}:security-group/sg-0123456789abcdef0`;
const guardTag = { 'aws:RequestTag/guards:managed-by': 'instance-quarantine', 'aws:TagKeys': ['guards:managed-by', 'Name'] };

describe("a member's quarantine remediation role, as a taken-over hub function would use it", () => {
  it("creates a security group only with the guard's tag given at creation", async () => {
    expect(await decide('ec2:CreateSecurityGroup', group, guardTag)).toBe('Allowed');
    expect(await decide('ec2:CreateSecurityGroup', group)).toBe('ImplicitlyDenied');
    expect(await decide('ec2:CreateSecurityGroup', group, { 'aws:RequestTag/guards:managed-by': 'something-else' })).toBe('ImplicitlyDenied');
    expect(await decide('ec2:CreateSecurityGroup', `arn:aws:ec2:eu-west-1:${member}:vpc/vpc-0123456789abcdef0`)).toBe('Allowed');
  });

  it('adds no security-group rule at all, and revokes rules only of groups the guard tagged', async () => {
    const tagged = { 'aws:ResourceTag/guards:managed-by': 'instance-quarantine' };
    expect(await decide('ec2:AuthorizeSecurityGroupIngress', group, tagged)).toBe('ImplicitlyDenied');
    expect(await decide('ec2:AuthorizeSecurityGroupEgress', group, tagged)).toBe('ImplicitlyDenied');
    expect(await decide('ec2:RevokeSecurityGroupEgress', group, tagged)).toBe('Allowed');
    expect(await decide('ec2:RevokeSecurityGroupEgress', group)).toBe('ImplicitlyDenied');
    expect(await decide('ec2:DeleteSecurityGroup', group, { 'aws:ResourceTag/guards:managed-by': 'payments' })).toBe('ImplicitlyDenied');
  });

  it('writes no IAM but the revocation deny, and no policy text', async () => {
    const role = `arn:aws:iam::${member}:role/payments-api`;
    expect(await decide('iam:PutRolePolicy', role)).toBe('ImplicitlyDenied');
    expect(await decide('iam:AttachRolePolicy', role, { 'iam:PolicyARN': 'arn:aws:iam::aws:policy/AdministratorAccess' })).toBe('ImplicitlyDenied');
  });
});
