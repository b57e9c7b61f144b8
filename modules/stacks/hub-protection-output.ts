import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { hubProtectionPolicyJson } from '../common/hub-protection-policy';
import { quarantineMetricNamespace } from '../common/tamper-protection-policy';
import type { GuardsConfig } from '../config/guards-config';
import type { HubStackPlan } from './hub-plan';

/**
 * The hub account's service control policy as an output of the home hub stack. The config names no
 * management account, and the guards' deployer should hold no management-account credentials (an
 * SCP applies to everyone in the hub account, the deployer's own exemption included), so the
 * management account attaches it: `aws organizations create-policy --type SERVICE_CONTROL_POLICY
 * --content "$(terraform output -raw hub-protection-policy)"`, then `attach-policy` to the hub
 * account (docs/security-model.md).
 */
export function addHubProtectionOutput(scope: Construct, config: GuardsConfig, plan: HubStackPlan): void {
  const protection = config.hub?.protection;
  if (!protection || !plan.isHomeRegion) return;
  new TerraformOutput(scope, 'hub-protection-policy', {
    description: `Service control policy ${config.name}-hub-protection for the management account to attach to the hub account`,
    value: hubProtectionPolicyJson({
      namePrefix: config.name,
      exemptPrincipalArns: protection.exemptPrincipalArns,
      metricNamespaces: metricNamespacesOf(plan),
    }),
  });
}

/** The metric namespaces the hub guards' metric filters write (a `metricNamespace` setting), the quarantine's default included. */
function metricNamespacesOf(plan: HubStackPlan): string[] {
  const configured = plan.guards
    .map((guard) => (guard.settings as { metricNamespace?: unknown }).metricNamespace)
    .filter((value): value is string => typeof value === 'string');
  return [...new Set([quarantineMetricNamespace, ...configured])].sort();
}
