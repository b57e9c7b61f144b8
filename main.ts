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
import { mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { loadGuardsConfig } from './modules/config/load-guards-config';
import { countPlannedStacks } from './modules/stacks/stack-plans';
import { synthesizeInWorkers } from './modules/stacks/parallel-synth';
import { SynthesizedStackSummary, formatSynthSummary, synthesizeGuards } from './modules/stacks/synthesize';

export const defaultConfigFile = 'examples/single-account.yaml';

const usage = 'usage: npm run synth -- [--config <guards config file>] [--accounts <name|id>,...] [--regions <region>,...] [--batch-size <n>] [--workers <n>]';

function list(value: string | undefined): string[] | undefined {
  const items = value
    ?.split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  return items && items.length > 0 ? items : undefined;
}

function wholeNumber(flag: string, value: string | undefined, fallback: number): number {
  const number = Number(value ?? fallback);
  if (!Number.isInteger(number) || number < 1) throw new Error(`${flag}: must be a whole number >= 1\n${usage}`);
  return number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      config: { type: 'string' },
      accounts: { type: 'string' },
      regions: { type: 'string' },
      'batch-size': { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: false,
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const configFile = path.resolve(values.config ?? process.env.GUARDS_CONFIG ?? defaultConfigFile);
  const batchSize = wholeNumber('--batch-size', values['batch-size'], 100);
  const config = loadGuardsConfig(configFile);
  const selection = {
    accounts: list(values.accounts ?? process.env.GUARDS_ACCOUNTS),
    regions: list(values.regions ?? process.env.GUARDS_REGIONS),
  };
  // Worker processes pay off only past one batch of stacks built through CDKTF; each worker holds
  // one batch at a time. Hub-mode spokes are written from templates, a few milliseconds each.
  const { stackCount, builtCount } = countPlannedStacks(config, selection);
  const workers = wholeNumber('--workers', values.workers, builtCount > batchSize ? Math.min(availableParallelism(), 4) : 1);
  // The cdktf CLI tells the app where to write; a direct run writes to cdktf.out.
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  // CDKTF makes the folder itself, but not its parents.
  mkdirSync(outdir, { recursive: true });
  const started = Date.now();
  const progress = (done: number) => {
    if (stackCount > batchSize) console.error(`synthesized ${done}/${stackCount} stacks (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  };
  let summaries: SynthesizedStackSummary[];
  if (workers > 1) {
    const result = await synthesizeInWorkers({ configFile, outdir, selection, batchSize, workers, stackCount, onProgress: progress });
    summaries = result.summaries;
    // Workers run `workers` at a time: the largest ones can overlap.
    const peaks = result.workerPeakRssBytes.map((bytes) => Math.round(bytes / 1024 / 1024)).sort((a, b) => b - a);
    console.error(`workers: ${workers} at a time, ${peaks.length} processes`);
    console.log(`peak memory of concurrent workers: ${peaks.slice(0, workers).reduce((sum, mb) => sum + mb, 0)} MB`);
  } else {
    summaries = synthesizeGuards(config, { outdir, batchSize, selection, onProgress: progress });
  }
  console.log(`${formatSynthSummary(summaries)}\nwritten to ${path.join(outdir, 'stacks')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`peak memory: main ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
