import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { StackJson, StackRole, stackRoles } from './stack-roles';

const repoRoot = path.resolve(__dirname, '..', '..');

/** The example config files (examples/*.yaml) that the check synthesizes. */
export function exampleConfigFiles(): string[] {
  const examples = path.join(repoRoot, 'examples');
  return readdirSync(examples)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join('examples', name));
}

/** Every IAM role of every stack that one config file synthesizes, named `<config>/<stack>`. */
export function rolesOfConfig(relativeConfigFile: string): StackRole[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-escalation-'));
  try {
    const config = loadGuardsConfig(path.join(repoRoot, relativeConfigFile));
    return synthesizeGuards(config, { outdir }).flatMap((stack) => {
      const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')) as StackJson;
      return stackRoles(`${path.basename(relativeConfigFile, '.yaml')}/${stack.name}`, json);
    });
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
