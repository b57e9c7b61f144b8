import { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';

/**
 * The principal that deploys a stack (the account's `roleArn` in the guards config), recorded once
 * per stack so that any guard can protect it (explicit denies, tamper alerts, bucket policies)
 * without every guard's props carrying it. Unknown (undefined) when Terraform runs with the
 * caller's own credentials or in an exported module.
 */
export class DeployerIdentity extends Construct {
  private static readonly id = 'deployer-identity';

  /** Records the stack's deployer; call before any guard is added. */
  static configure(stack: TerraformStack, roleArn: string | undefined): DeployerIdentity {
    return new DeployerIdentity(stack, DeployerIdentity.id, roleArn);
  }

  /** The deployer role ARN of the stack `scope` belongs to, or undefined when none is known. */
  static roleArnOf(scope: Construct): string | undefined {
    const existing = TerraformStack.of(scope).node.tryFindChild(DeployerIdentity.id);
    return existing instanceof DeployerIdentity ? existing.roleArn : undefined;
  }

  private constructor(
    scope: Construct,
    id: string,
    readonly roleArn: string | undefined,
  ) {
    super(scope, id);
  }
}
