import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportGuardModule } from '../../scripts/export-modules';
import { regionDenyPolicyJson } from '../../handlers/region-lockdown/region-deny-policy';
import { TerraformRunner, offlineRootConfiguration, terraformTestTimeoutMs } from '../helpers/terraform';
import { SharedProvider } from '../helpers/shared-provider';

jest.setTimeout(terraformTestTimeoutMs);

const tenRegions = 'us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2,eu-west-3,eu-central-1,eu-north-1,ap-southeast-1';

/** A plain root configuration calling the exported region-lockdown module with these inputs. */
function rootConfiguration(inputs: Record<string, string>): string {
  return [
    offlineRootConfiguration('us-east-1'),
    'module "region_lockdown" {',
    '  source     = "./modules/region-lockdown"',
    '  account_id = "111122223333"',
    ...Object.entries(inputs).map(([name, value]) => `  ${name} = ${JSON.stringify(value)}`),
    '}',
  ].join('\n');
}

// The exported module checks the deny's size with a variable validation that does the builder's
// arithmetic in HCL (and reads var.scope): real Terraform must agree with the construct's check.
describe('the exported region-lockdown module under real terraform', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'guards-region-lockdown-module-'));
  const moduleDirectory = exportGuardModule('region-lockdown', path.join(root, 'modules'));
  const terraform = new TerraformRunner();
  // Twelve commands on one root: one provider process for all of them (helpers/shared-provider.ts).
  let provider: SharedProvider;
  const run = (args: string[]) => terraform.run(args, root, [], provider.environment);
  const plan = (inputs: Record<string, string>) => {
    writeFileSync(path.join(root, 'main.tf'), rootConfiguration(inputs));
    return run(['plan', '-input=false', '-lock=false', '-refresh=false']);
  };

  beforeAll(async () => {
    writeFileSync(path.join(root, 'main.tf'), rootConfiguration({}));
    await terraform.init(root);
    provider = await SharedProvider.start(root);
  });

  afterAll(() => provider?.stop());

  it('hands the variables to the function as the comma-separated text the handler reads', () => {
    const module = JSON.parse(readFileSync(path.join(moduleDirectory, 'main.tf.json'), 'utf8'));
    const [fn] = Object.values(module.resource.aws_lambda_function) as { environment: { variables: Record<string, string> } }[];
    expect(fn.environment.variables).toMatchObject({
      ALLOWED_REGIONS: '${var.allowed_regions}',
      SCOPE: '${var.scope}',
      EXEMPT_PATH_PREFIXES: '${var.exempt_path_prefixes}',
    });
  });

  it('plans ten regions in ec2-changes scope', async () => {
    const result = await plan({ allowed_regions: tenRegions, scope: 'ec2-changes', exempt_path_prefixes: '/break-glass/,/ci/' });
    expect(result.output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  });

  it('plans the same ten regions in all-regional scope (a managed policy holds 6,144 characters), and refuses a list too long for it', async () => {
    await expect(plan({ allowed_regions: tenRegions, scope: 'all-regional' })).resolves.toBeDefined();
    const tooMany = Array.from({ length: 400 }, (_, index) => `xx-t${'a'.repeat(1 + Math.floor(index / 10))}-${index % 10}`).join(',');
    await expect(plan({ allowed_regions: tooMany, scope: 'all-regional' })).rejects.toThrow(
      /allowed_regions must be distinct region codes joined by commas, few enough/,
    );
  });

  it.each(['ec2-changes', 'all-regional'] as const)('builds, in Terraform, the same %s deny policy as the shared builder', async (scope) => {
    writeFileSync(path.join(root, 'main.tf'), rootConfiguration({ allowed_regions: 'us-east-1,eu-west-1', scope }));
    await run(['plan', '-input=false', '-lock=false', '-refresh=false', '-out=deny.tfplan']);
    const shown = JSON.parse((await run(['show', '-json', 'deny.tfplan'])).output) as {
      planned_values: { root_module: { child_modules: { resources: { type: string; values: { policy: string } }[] }[] } };
    };
    const policies = shown.planned_values.root_module.child_modules
      .flatMap((child) => child.resources)
      .filter((resource) => resource.type === 'aws_iam_policy');
    expect(policies).toHaveLength(1);
    expect(JSON.parse(policies[0].values.policy)).toEqual(JSON.parse(regionDenyPolicyJson({ allowedRegions: ['us-east-1', 'eu-west-1'], scope })));
  });

  it("refuses malformed inputs with the module's own messages", async () => {
    await expect(plan({ allowed_regions: 'eu-west-1, us-east-1' })).rejects.toThrow(/allowed_regions must be distinct region codes/);
    await expect(plan({ allowed_regions: 'eu-west-1,eu-west-1' })).rejects.toThrow(/allowed_regions must be distinct region codes/);
    await expect(plan({ scope: 'everything' })).rejects.toThrow(/scope must be one of ec2-changes, all-regional/);
    await expect(plan({ exempt_path_prefixes: 'break-glass' })).rejects.toThrow(/exempt_path_prefixes must be IAM paths/);
    await expect(plan({ reconcile_schedule: 'daily' })).rejects.toThrow(/reconcile_schedule must be an EventBridge schedule expression/);
  });
});
