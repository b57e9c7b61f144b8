/**
 * IAM and Organizations refuse policies over their size quotas, counted without whitespace:
 * a role's inline policies together 10,240 characters, a managed policy 6,144, a role trust policy
 * 2,048 (the default quota), a service control policy 5,120.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 * https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
 * The emulator stores policies of any size.
 */
import { AwsRule, ModelResource, TerraformModel, Violation, addressOf } from '../terraform-model';

export const iamQuotasPage = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html';
export const organizationsQuotasPage = 'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html';

export const policySizeLimits = { roleInline: 10240, managed: 6144, trust: 2048, serviceControl: 5120 } as const;

const embeddedArnReference = /\$\{([a-z0-9_]+)\.([^.}]+)\.arn\}/g;

/** A policy's size as IAM counts it: no whitespace, each embedded ARN reference as the ARN it names. */
export function policySize(model: TerraformModel, from: ModelResource, text: string): number {
  const applied = text.replace(embeddedArnReference, (reference) => {
    const named = model.referenced(from, reference);
    return (named && model.arnOf(named.resource)) ?? reference;
  });
  return applied.replace(/\s/g, '').length;
}

export const iamPolicySize: AwsRule = (model) => {
  const violations: Violation[] = [];
  const over = (resource: ModelResource, what: string, size: number, limit: number, page: string) => {
    if (size > limit)
      violations.push({ resource: addressOf(resource), message: `${addressOf(resource)}: ${what} is ${size} characters, the quota is ${limit}: ${page}` });
  };
  const inlineByRole = new Map<ModelResource, number>();
  for (const inline of model.ofType('aws_iam_role_policy')) {
    const role =
      model.referenced(inline, inline.body.role)?.resource ??
      model.resources.find((candidate) => candidate.stack === inline.stack && candidate.type === 'aws_iam_role' && candidate.body.name === inline.body.role);
    if (!role) continue;
    inlineByRole.set(role, (inlineByRole.get(role) ?? 0) + policySize(model, inline, String(inline.body.policy)));
  }
  for (const [role, size] of inlineByRole) over(role, 'the inline policies of the role together', size, policySizeLimits.roleInline, iamQuotasPage);
  for (const role of model.ofType('aws_iam_role'))
    over(role, 'its trust policy', policySize(model, role, String(role.body.assume_role_policy)), policySizeLimits.trust, iamQuotasPage);
  for (const policy of model.ofType('aws_iam_policy'))
    over(policy, 'the managed policy', policySize(model, policy, String(policy.body.policy)), policySizeLimits.managed, iamQuotasPage);
  for (const policy of model.ofType('aws_organizations_policy')) {
    if (policy.body.type === 'SERVICE_CONTROL_POLICY')
      over(policy, 'the service control policy', String(policy.body.content).length, policySizeLimits.serviceControl, organizationsQuotasPage);
  }
  return violations;
};
