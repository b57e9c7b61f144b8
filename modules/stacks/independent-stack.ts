import { TerraformStack } from 'cdktf';

/**
 * A stack that never uses a resource of another stack by reference: the guards' stacks name what
 * they use elsewhere by ARN or read it from remote state. CDKTF resolves every element of a stack a
 * first time, before the synthesis, only to find such references and add the outputs and remote
 * state they need; for these stacks that pass finds nothing, and it was a quarter of the synth's
 * CPU time. It is skipped; the backend check it also makes is kept. Were a reference to cross
 * stacks, its stack would name a resource it does not declare, which `terraform validate` refuses
 * (__tests__/terraform/), and `__tests__/stacks/independent-stack.test.ts` shows every example
 * synthesizes to the same bytes with the pass and without.
 */
export abstract class IndependentStack extends TerraformStack {
  override prepareStack(): void {
    this.ensureBackendExists();
  }
}
