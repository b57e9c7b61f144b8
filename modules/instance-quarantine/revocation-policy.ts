import { Construct } from 'constructs';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { AwsEnvironment, accountGlobalName, arnFor } from '../common/aws-environment';
import { identityPolicyJson } from '../common/iam-policy';

/** The policy's name: account-wide (IAM), so it names the region of the stack that makes it. */
export function revocationPolicyName(environment: AwsEnvironment, namePrefix: string): string {
  return accountGlobalName(environment, `${namePrefix}-quarantine-revoke-instance-sessions`);
}

/**
 * The managed policy that revokes the credentials EC2 delivered to instances of a role: a Deny of
 * everything for any session that carries `ec2:SourceInstanceARN` (only credentials EC2 delivers to
 * an instance carry it). Terraform owns its text; the guard may only attach and detach it, so a
 * taken-over guard can add this deny and nothing else.
 *
 * Trade-off: IAM has no way to name one instance in a fixed policy, so while it is attached, every
 * instance that uses the same role loses its AWS access, not only the quarantined one. The guard
 * reports which role it fenced; give instances roles of their own where that matters.
 */
export class RevocationPolicy extends Construct {
  readonly policy: IamPolicy;
  /** Literal ARN, known at synth, for the conditions that fence attach and detach. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: { environment: AwsEnvironment; namePrefix: string }) {
    super(scope, id);
    const name = revocationPolicyName(props.environment, props.namePrefix);
    this.arn = arnFor(props.environment, 'iam', `policy/${name}`, { global: true });
    this.policy = new IamPolicy(this, 'policy', {
      name,
      description: 'Attached by the instance-quarantine guard: denies every request made with credentials EC2 delivered to an instance of the role',
      policy: identityPolicyJson([
        {
          sid: 'DenyInstanceDeliveredSessions',
          effect: 'Deny',
          actions: ['*'],
          resources: ['*'],
          conditions: { Null: { 'ec2:SourceInstanceARN': 'false' } },
        },
      ]),
    });
  }
}
