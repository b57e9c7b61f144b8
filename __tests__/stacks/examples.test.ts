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

  it('the pipeline hands each token only to its job in a protected environment, never to pull-request code, and pins actions by commit', () => {
    type Job = { if?: string; environment?: string; env?: Record<string, string>; steps: { uses?: string }[] };
    const workflow = parseYaml(readFileSync(path.join(repoRoot, 'examples', 'pipelines', 'github-actions.yml'), 'utf8')) as {
      env: Record<string, string>;
      jobs: Record<string, Job>;
    };
    expect(JSON.stringify(workflow.env)).not.toContain('secrets.');
    const mainOnly = "github.ref == 'refs/heads/main' && github.event_name == 'push'";
    const withSecrets = Object.entries(workflow.jobs).filter(([, job]) => JSON.stringify(job).includes('secrets.'));
    expect(withSecrets.map(([name]) => name).sort()).toEqual(['apply-artifacts', 'apply-guards', 'plan']);
    // A job with a secret runs on main only, in an environment (whose protection holds the secret).
    expect(withSecrets.map(([name, job]) => [name, job.if, job.environment])).toEqual(
      withSecrets.map(([name]) => [name, mainOnly, name === 'plan' ? 'guards-plan' : 'production']),
    );
    const appliers = Object.entries(workflow.jobs).filter(([, job]) => JSON.stringify(job).includes('secrets.TF_API_TOKEN'));
    expect(appliers.map(([name]) => name).sort()).toEqual(['apply-artifacts', 'apply-guards']);
    const uses = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => (step.uses ? [step.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const action of uses) expect(action).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
  });
});
