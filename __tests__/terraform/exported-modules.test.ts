import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportGuardModule } from '../../scripts/export-modules';
import { guardRegistry } from '../../modules/stacks/guard-registry';
import { TerraformRunner, offlineRootConfiguration, terraformTestTimeoutMs } from '../helpers/terraform';

jest.setTimeout(terraformTestTimeoutMs);

/** A plain Terraform root configuration, as a team without CDKTF would write it, calling every module. */
function rootConfiguration(guardNames: readonly string[]): string {
  return [
    offlineRootConfiguration('eu-west-1'),
    ...guardNames.map((name) =>
      [
        `module "${name.replace(/-/g, '_')}" {`,
        `  source       = "./modules/${name}"`,
        '  account_id   = "111122223333"',
        `  name_prefix  = "${name.replace(/[^a-z]/g, '').slice(0, 12)}"`,
        '  alert_emails = ["secops@example.com"]',
        '}',
        '',
      ].join('\n'),
    ),
  ].join('\n');
}

describe('exported Terraform modules (npm run modules)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'guards-modules-root-'));
  const guardNames = guardRegistry.map((guard) => guard.name);
  const moduleDirectories = guardNames.map((name) => exportGuardModule(name, path.join(root, 'modules')));
  const modules = moduleDirectories.map((directory) => JSON.parse(readFileSync(path.join(directory, 'main.tf.json'), 'utf8')));

  it('have typed, described variables, described outputs, and no provider or backend', () => {
    for (const module of modules) {
      expect(module.provider).toBeUndefined();
      expect(module.terraform.backend).toBeUndefined();
      expect(module.terraform.cloud).toBeUndefined();
      for (const variable of Object.values(module.variable) as { type: string; description: string }[]) {
        expect(variable.type).toMatch(/^(string|number|bool|list\(string\))$/);
        expect(variable.description.length).toBeGreaterThan(10);
      }
      expect(Object.keys(module.output).length).toBeGreaterThan(0);
      for (const output of Object.values(module.output) as { description: string }[]) expect(output.description.length).toBeGreaterThan(10);
    }
  });

  it('carry their handler zips and reference them through path.module', () => {
    for (const module of modules) {
      // A guard without a function (cis-alarms: filters and alarms only) has none.
      for (const fn of Object.values(module.resource.aws_lambda_function ?? {}) as { filename: string }[]) {
        expect(fn.filename).toMatch(/^\$\{path\.module\}\/handlers\/[a-z-]+\.zip$/);
      }
    }
  });

  it('pass terraform init, validate and an offline plan when called from a plain root configuration', async () => {
    writeFileSync(path.join(root, 'main.tf'), rootConfiguration(guardNames));
    const terraform = new TerraformRunner();
    await terraform.init(root);
    expect((await terraform.run(['validate'], root)).output).toContain('The configuration is valid');
    const plan = await terraform.run(['plan', '-input=false', '-lock=false', '-refresh=false'], root);
    for (const guard of guardRegistry) {
      const created = guard.handlers.length > 0 ? 'aws_lambda_function' : 'aws_cloudwatch_metric_alarm';
      expect(plan.output).toContain(`module.${guard.name.replace(/-/g, '_')}.${created}.`);
    }
    expect(plan.output).toMatch(/Plan: \d+ to add, 0 to change, 0 to destroy\./);
  });

  it("reject a bad variable value with the module's own validation message", async () => {
    const badRoot = mkdtempSync(path.join(tmpdir(), 'guards-modules-bad-'));
    exportGuardModule('instance-quarantine', path.join(badRoot, 'modules'));
    writeFileSync(
      path.join(badRoot, 'main.tf'),
      rootConfiguration([]) + '\nmodule "q" {\n  source          = "./modules/instance-quarantine"\n  account_id      = "1234"\n  fleet_threshold = 0\n}\n',
    );
    const terraform = new TerraformRunner();
    await terraform.init(badRoot);
    await expect(terraform.run(['plan', '-input=false', '-lock=false', '-refresh=false'], badRoot)).rejects.toThrow(
      /account_id must be a 12-digit AWS account id[\s\S]*fleet_threshold must be a whole number >= 1/,
    );
  });
});
