/**
 * Every IAM role of a synthesized stack with its identity policies: inline `aws_iam_role_policy`
 * resources, `inline_policy` blocks, and managed policies attached by `aws_iam_role_policy_attachment`
 * (the document when the policy is an `aws_iam_policy` of the same stack). Terraform references
 * inside a document (`${aws_sns_topic.x.arn}`) name one resource of the stack: they become a
 * placeholder ARN that no arbitrary target can match.
 */

export interface StackJson {
  readonly provider?: { readonly aws?: readonly Record<string, unknown>[] };
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
}

export interface RolePolicy {
  readonly name: string;
  readonly document: unknown;
}

export interface StackRole {
  readonly stack: string;
  readonly roleName: string;
  readonly accountId: string;
  readonly region: string;
  readonly policies: readonly RolePolicy[];
  /** Policies the check cannot read, each with why: every one is a finding (fail closed). */
  readonly unreadable: readonly string[];
}

/**
 * AWS managed policies that a stack may attach whose content is not in the stack. Each is listed
 * with why it grants no escalation; anything else attached from outside the stack is unreadable.
 */
export const readOnlyAwsManagedPolicies: Readonly<Record<string, string>> = {
  'arn:aws:iam::aws:policy/service-role/AWS_ConfigRole': 'AWS Config recorder: Describe/Get/List reads of resource configuration only',
};

const referencePlaceholder = 'arn:aws:terraform:::stack-resource-reference';

function withoutReferences(text: string): string {
  return text.replace(/\$\{[^}]*\}/g, referencePlaceholder);
}

/** The resource's logical id in a `${type.id.attribute}` reference, or undefined for a literal. */
function referencedId(value: unknown, type: string): string | undefined {
  const match = typeof value === 'string' ? new RegExp(`^\\$\\{${type}\\.([^.}]+)\\.[a-z_]+\\}$`).exec(value) : null;
  return match?.[1];
}

function parsePolicy(text: unknown, what: string): { document?: unknown; problem?: string } {
  if (typeof text !== 'string') return { problem: `${what}: policy is not JSON text` };
  try {
    return { document: JSON.parse(withoutReferences(text)) };
  } catch {
    return { problem: `${what}: policy is not literal JSON (a Terraform expression?)` };
  }
}

export function stackRoles(stack: string, json: StackJson): StackRole[] {
  const provider = json.provider?.aws?.[0] ?? {};
  const accountId = String((provider.allowed_account_ids as string[] | undefined)?.[0] ?? '123456789012');
  const region = String(provider.region ?? 'us-east-1');
  const resources = json.resource ?? {};
  const roles = resources.aws_iam_role ?? {};
  const inlinePolicies = Object.values(resources.aws_iam_role_policy ?? {});
  const attachments = Object.values(resources.aws_iam_role_policy_attachment ?? {});
  const managedPolicies = resources.aws_iam_policy ?? {};

  return Object.entries(roles).map(([logicalId, role]) => {
    const roleName = String(role.name ?? logicalId);
    const belongs = (value: unknown) => referencedId(value, 'aws_iam_role') === logicalId || value === roleName;
    const policies: RolePolicy[] = [];
    const unreadable: string[] = [];
    const add = (name: string, text: unknown) => {
      const parsed = parsePolicy(text, name);
      if (parsed.problem) unreadable.push(parsed.problem);
      else policies.push({ name, document: parsed.document });
    };
    for (const inline of inlinePolicies.filter((policy) => belongs(policy.role))) add(`inline ${String(inline.name)}`, inline.policy);
    for (const block of (role.inline_policy as { name?: string; policy?: string }[] | undefined) ?? []) add(`inline ${String(block.name)}`, block.policy);
    for (const attachment of attachments.filter((candidate) => belongs(candidate.role))) {
      const managedId = referencedId(attachment.policy_arn, 'aws_iam_policy');
      if (managedId && managedPolicies[managedId]) {
        add(`managed ${String(managedPolicies[managedId].name)}`, managedPolicies[managedId].policy);
      } else if (typeof attachment.policy_arn === 'string' && readOnlyAwsManagedPolicies[attachment.policy_arn]) {
        // Listed above with the reason it is safe; its text is not in the stack to simulate.
      } else {
        unreadable.push(`managed ${String(attachment.policy_arn)}: not defined in the stack and not a known read-only AWS managed policy`);
      }
    }
    for (const arn of (role.managed_policy_arns as string[] | undefined) ?? []) {
      if (!readOnlyAwsManagedPolicies[arn]) unreadable.push(`managed ${arn}: not defined in the stack and not a known read-only AWS managed policy`);
    }
    return { stack, roleName, accountId, region, policies, unreadable };
  });
}
