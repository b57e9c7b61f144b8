/**
 * Simulates each role against every published escalation method with @cloud-copilot/iam-simulate
 * (AGPL: a dev dependency, used by this check only, never bundled into a handler).
 */
import { isWildcardOnlyAction, runSimulation } from '@cloud-copilot/iam-simulate';
import { EscalationMethod, escalationMethods } from './escalation-methods';
import { StackRole } from './stack-roles';

export interface RoleFindings {
  readonly role: StackRole;
  /** Methods whose every step the role is allowed, and unreadable policies. */
  readonly findings: readonly string[];
}

async function allowed(role: StackRole, step: EscalationMethod['steps'][number]): Promise<boolean> {
  const principal = `arn:aws:iam::${role.accountId}:role/${role.roleName}`;
  const contextVariables: Record<string, string | string[]> = { 'aws:PrincipalArn': principal, 'aws:RequestedRegion': role.region };
  for (const [key, value] of Object.entries(step.context ?? {})) contextVariables[key] = typeof value === 'string' ? value : [...value];
  // An action that takes no resource (IAM's "wildcard-only") is requested on `*`, as AWS evaluates it.
  const [service, name] = step.action.split(':');
  const resource = (await isWildcardOnlyAction(service, name)) ? '*' : step.resource(role);
  const response = await runSimulation(
    {
      request: { principal, action: step.action, resource: { resource, accountId: role.accountId }, contextVariables },
      identityPolicies: role.policies.map((policy) => ({ name: policy.name, policy: policy.document })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  if (response.resultType === 'error') {
    throw new Error(`${role.stack} ${role.roleName}: the simulator refused ${step.action}: ${JSON.stringify(response.errors)}`);
  }
  return response.overallResult === 'Allowed';
}

/** The escalation paths of one role: each method all of whose steps it may take. */
export async function findEscalationPaths(role: StackRole, methods: readonly EscalationMethod[] = escalationMethods): Promise<RoleFindings> {
  const findings: string[] = [...role.unreadable.map((problem) => `unreadable policy ${problem}`)];
  for (const method of methods) {
    let every = true;
    for (const step of method.steps) {
      if (!(await allowed(role, step))) {
        every = false;
        break;
      }
    }
    if (every) findings.push(`${method.id} (${method.source}: ${method.description})`);
  }
  return { role, findings };
}

/** One line per role, then the totals. */
export function escalationReport(results: readonly RoleFindings[]): { lines: string[]; paths: number } {
  const paths = results.reduce((sum, result) => sum + result.findings.length, 0);
  const lines = results.map(({ role, findings }) =>
    findings.length === 0
      ? `${role.stack} ${role.roleName}: ok`
      : `${role.stack} ${role.roleName}: ${findings.length} escalation path(s): ${findings.join('; ')}`,
  );
  lines.push(`roles=${results.length} escalation_paths=${paths}`);
  return { lines, paths };
}
