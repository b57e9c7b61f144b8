/**
 * Entry point of `npm run synth` and of `npx cdktf synth|diff|deploy`: loads the guards config and
 * synthesizes one Terraform stack per (account, region) it lists into cdktf.out/stacks/.
 *
 *   npm run synth                                 the default example config
 *   npm run synth -- --config path/to/guards.yaml another config
 *   GUARDS_CONFIG=path/to/guards.yaml npx cdktf deploy <stack>
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadGuardsConfig } from './modules/config/load-guards-config';
import { buildGuardsApp } from './modules/stacks/guards-app';

export const defaultConfigFile = 'examples/single-account.yaml';

function main(): void {
  const { values } = parseArgs({
    options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: false,
  });
  if (values.help) {
    console.log('usage: npm run synth -- [--config <guards config file>]');
    return;
  }
  const configFile = path.resolve(values.config ?? process.env.GUARDS_CONFIG ?? defaultConfigFile);
  const config = loadGuardsConfig(configFile);
  // cdktf's CLI tells the app where to write; a direct run writes to cdktf.out.
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const { app, stacks } = buildGuardsApp(config, { outdir });
  app.synth();
  for (const stack of stacks) {
    console.log(`synthesized ${path.join(outdir, 'stacks', stack.node.id)} (${stack.guardNames.join(', ') || 'no guards'})`);
  }
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
