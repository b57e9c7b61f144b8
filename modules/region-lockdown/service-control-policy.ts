import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { RegionDenyOptions, regionDenyPolicyJson } from '../../handlers/region-lockdown/region-deny-policy';

export interface RegionDenyServiceControlPolicyProps {
  readonly policyName: string;
  readonly deny: RegionDenyOptions;
  /** Organizational units and accounts the policy is attached to. */
  readonly targetIds: readonly string[];
}

/**
 * The region deny as a service control policy, attached to each target. It binds every principal
 * of the targeted accounts (users, roles, root) but the exempt ones and service-linked roles, from
 * the first second, with no event to wait for: the organization-wide form of the user deny.
 */
export class RegionDenyServiceControlPolicy extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: RegionDenyServiceControlPolicyProps) {
    super(scope, id);
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: props.policyName,
      description:
        `Denies ${props.deny.scope === 'ec2-changes' ? 'EC2 changes' : "every action but the global services'"} outside ${[...props.deny.allowedRegions].sort().join(', ')}`.slice(
          0,
          512,
        ),
      type: 'SERVICE_CONTROL_POLICY',
      content: regionDenyPolicyJson(props.deny),
    });
    for (const targetId of props.targetIds) {
      // Keyed by the target id: adding or removing a target never replaces another's attachment.
      new OrganizationsPolicyAttachment(this, `attachment-${targetId}`, { policyId: this.policy.id, targetId });
    }
    new TerraformOutput(this, 'policy-id', {
      description: 'Service control policy that denies the same as the region-lockdown user policy, organization-wide',
      value: this.policy.id,
    });
  }
}
