import { TerraformVariable, Testing } from 'cdktf';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { accountGlobalName } from '../../modules/common/aws-environment';
import { resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

// IAM names are global to an account while every (account, region) stack creates its own roles:
// without the region in the name, the second region's apply fails with EntityAlreadyExists.
describe('account-global names (IAM roles) of regional stacks', () => {
  it('end with the region, so that two regions of one account never collide', () => {
    const east = accountGlobalName({ accountId: '111122223333', region: 'us-east-1' }, 'guards-instance-quarantine');
    const west = accountGlobalName({ accountId: '111122223333', region: 'eu-west-1' }, 'guards-instance-quarantine');
    expect(east).toBe('guards-instance-quarantine-us-east-1');
    expect(west).toBe('guards-instance-quarantine-eu-west-1');
  });

  it('cut a long base to 64 characters keeping a hash of the whole base, so two long bases with the same start still differ', () => {
    const environment = { accountId: '111122223333', region: 'ap-southeast-2' };
    // The longest name prefix the config allows (32 characters).
    const start = 'a-thirty-two-character-prefix-xx';
    const first = accountGlobalName(environment, `${start}-instance-quarantine`);
    const second = accountGlobalName(environment, `${start}-instance-quarantine-fleet`);
    for (const name of [first, second]) {
      expect(name.length).toBeLessThanOrEqual(64);
      expect(name).toMatch(/^a-thirty-two-character-prefix-xx-instan[a-z-]*-[0-9a-f]{6}-ap-southeast-2$/);
    }
    expect(first).not.toBe(second);
  });

  it('are cut by Terraform itself when the prefix is a Terraform value (exported modules)', () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const prefix = new TerraformVariable(scope, 'name_prefix', { type: 'string' });
        const name = accountGlobalName({ accountId: '111122223333', region: 'eu-west-1' }, `${prefix.stringValue}-instance-quarantine`);
        new IamRole(scope, 'role', { name, assumeRolePolicy: '{}' });
      }),
    );
    expect(json.resource.aws_iam_role.role.name).toBe('${substr("${var.name_prefix}-instance-quarantine", 0, (63 - length("eu-west-1")))}-eu-west-1');
  });

  it('never repeat within an account across the stacks of examples/organization.yaml', () => {
    const stacks = synthesizeConfigFile('examples/organization.yaml');
    const namesByAccount = new Map<string, string[]>();
    for (const stack of stacks) {
      const provider = stack.json.provider.aws[0] as { allowed_account_ids: string[] };
      const account = provider.allowed_account_ids[0];
      const names = [
        ...Object.values(resourcesOfType(stack.json, 'aws_iam_role')),
        ...Object.values(resourcesOfType(stack.json, 'aws_iam_instance_profile')),
      ].map((resource) => String(resource.name));
      namesByAccount.set(account, [...(namesByAccount.get(account) ?? []), ...names]);
    }
    expect(namesByAccount.size).toBe(4);
    for (const names of namesByAccount.values()) {
      expect(names.length).toBeGreaterThan(0);
      expect(new Set(names).size).toBe(names.length);
    }
  });
});
