import { guardRegistry } from '../../modules/stacks/guard-registry';
import { SynthesizedStack, oneStackPerShape, resourceCount, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { TerraformRunner, inParallel, terraformTestTimeoutMs } from '../helpers/terraform';

jest.setTimeout(terraformTestTimeoutMs);

describe('examples/multi-account-standalone.yaml', () => {
  let stacks: SynthesizedStack[];
  const guardStacks = () => stacks.filter((stack) => !stack.name.startsWith('artifacts-'));

  beforeAll(() => {
    stacks = synthesizeConfigFile('examples/multi-account-standalone.yaml');
  });

  it('synthesizes a stack per (account, region) and one artifacts stack per region', () => {
    expect(stacks.map((stack) => stack.name).sort()).toEqual(
      [
        'artifacts-ap-southeast-2',
        'artifacts-eu-south-2',
        'artifacts-eu-west-1',
        'artifacts-us-east-1',
        'data-platform-ap-southeast-2',
        'data-platform-eu-south-2',
        'data-platform-eu-west-1',
        'data-platform-us-east-1',
        'production-ap-southeast-2',
        'production-eu-west-1',
        'production-us-east-1',
        'security-tooling-ap-southeast-2',
        'security-tooling-eu-west-1',
        'security-tooling-us-east-1',
        'staging-ap-southeast-2',
        'staging-eu-west-1',
        'staging-us-east-1',
      ].sort(),
    );
  });

  it("binds each stack's provider to its own account and role", () => {
    const production = stacks.find((stack) => stack.name === 'production-eu-west-1')!;
    expect(production.json.provider.aws[0]).toMatchObject({
      region: 'eu-west-1',
      allowed_account_ids: ['222222222222'],
      assume_role: [{ role_arn: 'arn:aws:iam::222222222222:role/guards-deployer' }],
      default_tags: [{ tags: { ManagedBy: 'aws-security-guards', Owner: 'security-team', Environment: 'production' } }],
    });
    const artifacts = stacks.find((stack) => stack.name === 'artifacts-eu-west-1')!;
    expect(artifacts.json.provider.aws[0]).toMatchObject({ allowed_account_ids: ['111111111111'] });
  });

  it('puts global guards in home-region stacks only', () => {
    for (const stack of guardStacks()) {
      const functionNames = Object.values(resourcesOfType(stack.json, 'aws_lambda_function')).map((fn) => String(fn.function_name));
      // Found by their functions: a global guard without one (cis-alarms) is not in this example.
      for (const guard of guardRegistry.filter((definition) => definition.scope === 'global' && definition.handlers.length > 0)) {
        expect(functionNames.some((name) => name.includes(guard.name))).toBe(stack.name.endsWith('-us-east-1'));
      }
    }
  });

  it("keeps handler zips out of the guard stacks: functions name an object of their region's bucket", () => {
    for (const stack of guardStacks()) {
      const region = stack.name.split('-').slice(-3).join('-');
      for (const fn of Object.values(resourcesOfType(stack.json, 'aws_lambda_function'))) {
        expect(fn.filename).toBeUndefined();
        expect(fn.s3_bucket).toBe(`example-guards-artifacts-${region}`);
        // Signed by default in bucket mode: the artifacts stack's signed zip of the handler.
        expect(fn.s3_key).toMatch(/^\$\{data\.terraform_remote_state\.artifacts-state\.outputs\.signed-object-keys\["[a-z-]+"\]\}$/);
      }
    }
  });

  it('publishes each zip once per region to a versioned, encrypted, private bucket readable by the organization', () => {
    const artifacts = stacks.find((stack) => stack.name === 'artifacts-us-east-1')!;
    expect(Object.values(resourcesOfType(artifacts.json, 'aws_s3_bucket_versioning'))[0].versioning_configuration).toEqual({ status: 'Enabled' });
    expect(Object.values(resourcesOfType(artifacts.json, 'aws_s3_bucket_public_access_block'))[0]).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    const policy = JSON.parse(String(Object.values(resourcesOfType(artifacts.json, 'aws_s3_bucket_policy'))[0].policy));
    expect(policy.Statement[0]).toMatchObject({
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: 'arn:aws:s3:::example-guards-artifacts-us-east-1/signed/*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
    });
    const handlers = Object.values(resourcesOfType(artifacts.json, 'aws_s3_object')).map((object) => /^handlers\/([a-z-]+)\//.exec(String(object.key))![1]);
    const guardHandlers = new Set(
      guardStacks().flatMap((stack) =>
        Object.values(resourcesOfType(stack.json, 'aws_lambda_function')).map((fn) => /signed-object-keys\["([a-z-]+)"\]/.exec(String(fn.s3_key))![1]),
      ),
    );
    expect(new Set(handlers)).toEqual(guardHandlers);
  });

  it('applies per-account overrides: staging runs the quarantine in dry-run mode', () => {
    const dryRunOf = (name: string) =>
      Object.values(resourcesOfType(stacks.find((stack) => stack.name === name)!.json, 'aws_lambda_function')).find(
        (fn) => fn.function_name === 'guards-instance-quarantine',
      )?.environment;
    expect(dryRunOf('staging-eu-west-1')).toEqual({ variables: expect.objectContaining({ DRY_RUN: 'true' }) });
    expect(dryRunOf('production-eu-west-1')).toEqual({ variables: expect.objectContaining({ DRY_RUN: 'false' }) });
  });

  it('every stack shape passes terraform init, validate and an offline plan', async () => {
    const terraform = new TerraformRunner();
    const shapes = oneStackPerShape(stacks);
    // The artifacts stacks (eu-south-2's has fewer readers: only the accounts that opted in run
    // functions there), the home-region stack with the service control policy, the other regions'
    // stacks and the other home-region stacks: 5 plans for 17 stacks.
    expect(shapes.map((stack) => stack.name)).toEqual([
      'artifacts-us-east-1',
      'artifacts-eu-south-2',
      'security-tooling-us-east-1',
      'security-tooling-eu-west-1',
      'production-us-east-1',
    ]);
    const plans = await inParallel(shapes, 2, (stack) => terraform.initValidatePlan(stack.directory));
    plans.forEach((plan, index) => {
      expect(plan).toContain(`Plan: ${resourceCount(shapes[index])} to add, 0 to change, 0 to destroy.`);
    });
  }, 1_800_000);
});
