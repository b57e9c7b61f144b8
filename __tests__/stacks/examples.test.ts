import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { repoRoot, synthesizeConfigFile } from '../helpers/synth';

const exampleConfigs = readdirSync(path.join(repoRoot, 'examples')).filter((file) => file.endsWith('.yaml'));

describe('examples', () => {
  it.each(exampleConfigs)('%s synthesizes as it is', (file) => {
    expect(synthesizeConfigFile(`examples/${file}`).length).toBeGreaterThan(0);
  });

  it('the Terraform Cloud pipeline synthesizes its config into one workspace per stack, in the project', () => {
    const workflow = parseYaml(readFileSync(path.join(repoRoot, 'examples', 'pipelines', 'github-actions.yml'), 'utf8'));
    const configFile: string = workflow.env.GUARDS_CONFIG;
    const stacks = synthesizeConfigFile(configFile);
    const workspaces = stacks.map((stack) => (stack.json.terraform.cloud as { workspaces: { name: string; project: string } }).workspaces);
    expect(workspaces.map((workspace) => workspace.name).sort()).toEqual(stacks.map((stack) => `guards-${stack.name}`).sort());
    expect(new Set(workspaces.map((workspace) => workspace.project))).toEqual(new Set(['security-guards']));
    // The workflow plans each stack from its folder in cdktf.out.
    expect(JSON.stringify(workflow.jobs.plan.steps)).toContain('cdktf.out/stacks/${{ matrix.stack }}');
  });
});
