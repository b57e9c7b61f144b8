/**
 * Entry point of `npm run synth` and of `npx cdktf synth|diff|deploy`: loads the guards config and
 * synthesizes one Terraform stack per (account, region) it lists into cdktf.out/stacks/.
 *
 *   npm run synth                                      the default example config
 *   npm run synth -- --config path/to/guards.yaml      another config
 *   npm run synth -- --accounts prod,dev --regions eu-west-1   only these stacks
 *   GUARDS_CONFIG=path/to/guards.yaml npx cdktf deploy <stack>
 *
 * Under the cdktf CLI, GUARDS_CONFIG, GUARDS_ACCOUNTS and GUARDS_REGIONS stand for the flags.
 */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadGuardsConfig } from './modules/config/load-guards-config';
import { formatSynthSummary, synthesizeGuards } from './modules/stacks/synthesize';

export const defaultConfigFile = 'examples/single-account.yaml';

const usage = 'usage: npm run synth -- [--config <guards config file>] [--accounts <name|id>,...] [--regions <region>,...] [--batch-size <n>]';

function list(value: string | undefined): string[] | undefined {
  const items = value?.split(',').map((item) => item.trim()).filter((item) => item !== '');
  return items && items.length > 0 ? items : undefined;
}

function main(): void {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      accounts: { type: 'string' },
      regions: { type: 'string' },
      'batch-size': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const configFile = path.resolve(values.config ?? process.env.GUARDS_CONFIG ?? defaultConfigFile);
  const batchSize = Number(values['batch-size'] ?? 100);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`--batch-size: must be a whole number >= 1\n${usage}`);
  const config = loadGuardsConfig(configFile);
  // The cdktf CLI tells the app where to write; a direct run writes to cdktf.out.
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  const started = Date.now();
  const summaries = synthesizeGuards(config, {
    outdir,
    batchSize,
    selection: {
      accounts: list(values.accounts ?? process.env.GUARDS_ACCOUNTS),
      regions: list(values.regions ?? process.env.GUARDS_REGIONS),
    },
    onProgress: (done, total) => {
      if (total > batchSize) console.error(`synthesized ${done}/${total} stacks (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    },
  });
  console.log(`${formatSynthSummary(summaries)}\nwritten to ${path.join(outdir, 'stacks')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
