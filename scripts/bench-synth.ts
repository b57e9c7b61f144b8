/**
 * `npm run bench:synth -- --accounts N --regions R [--mode both|hub|standalone]`: synthesizes an
 * organization of N accounts x R regions the way this project does it (handler code in per-region
 * artifact buckets, batches, worker processes) in hub mode (the guards of examples/organization.yaml,
 * spokes written from templates) and in standalone mode (every guard of
 * examples/multi-account-standalone.yaml), and the standalone organization the naive CDKTF way (one
 * App, one archive per guard function), in the same run. Prints one key=value line per run.
 * Figures only: nothing here is a pass/fail test.
 *
 * `--baseline <checkout>` also runs the same synths from another checkout of the project (e.g. a
 * `git worktree` of main, built), alternating with this one, `--repeat` times each, and prints the
 * medians of both: on a shared machine only figures of the same run compare. `--write-docs` writes
 * the figures into the bench:synth section of docs/benchmarks.md (`--docs` names another file).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from './handler-bundle';
import { benchmarkRegions } from './benchmark-regions';
import { benchmarksDoc, loadAverage, markdownTable, measuredOn, writeDocSection } from './benchmark-docs';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100' },
    regions: { type: 'string', default: '17' },
    'naive-accounts': { type: 'string' },
    mode: { type: 'string', default: 'both' },
    baseline: { type: 'string' },
    repeat: { type: 'string', default: '1' },
    'write-docs': { type: 'boolean', default: false },
    docs: { type: 'string', default: benchmarksDoc },
  },
});
const mode = values.mode ?? 'both';
if (!['both', 'hub', 'standalone'].includes(mode)) {
  console.error('--mode must be both, hub or standalone');
  process.exit(2);
}
const accounts = Number(values.accounts);
const regions = Number(values.regions);
const repeat = Number(values.repeat);
const baseline = values.baseline === undefined ? undefined : path.resolve(values.baseline);
// The naive way writes every zip into every stack: past 100 accounts it fills disks, not tables.
const naiveAccounts = Number(values['naive-accounts'] ?? Math.min(accounts, 100));
if (![accounts, regions, naiveAccounts, repeat].every((n) => Number.isInteger(n) && n >= 1) || regions > benchmarkRegions.length) {
  console.error(`--accounts, --naive-accounts and --repeat must be whole numbers >= 1, --regions 1-${benchmarkRegions.length}`);
  process.exit(2);
}

const syntheticAccountId = (index: number) => String(100000000000 + index);
const syntheticAccountName = (index: number) => `account-${String(index).padStart(4, '0')}`;

function organizationConfig(accountCount: number, handlerCode: unknown, hub = false): unknown {
  const example = parseYaml(readFileSync(path.join(repoRoot, 'examples', hub ? 'organization.yaml' : 'multi-account-standalone.yaml'), 'utf8')) as {
    guards: { regionLockdown?: { organizationsMode?: unknown }; instanceQuarantine?: { releaseApprovers?: string[] } };
    hub?: Record<string, unknown>;
  };
  // The example's service control policy names one of its own accounts; the synthetic organization has other ids.
  delete example.guards.regionLockdown?.organizationsMode;
  // The release approvers are principals of the account that holds the state table: the example's
  // hub account there, the synthetic organization's first account here.
  const quarantine = example.guards.instanceQuarantine;
  if (quarantine?.releaseApprovers)
    quarantine.releaseApprovers = quarantine.releaseApprovers.map((arn) => arn.replace(/^(arn:aws:iam::)\d{12}:/, `$1${syntheticAccountId(0)}:`));
  return {
    ...(hub ? { hub: { ...example.hub, account: syntheticAccountName(0) } } : {}),
    name: 'guards',
    homeRegion: 'us-east-1',
    regions: benchmarkRegions.slice(0, regions),
    accounts: Array.from({ length: accountCount }, (_, index) => ({
      id: syntheticAccountId(index),
      name: syntheticAccountName(index),
      roleArn: `arn:aws:iam::${syntheticAccountId(index)}:role/guards-deployer`,
    })),
    guards: example.guards,
    handlerCode,
  };
}

function directoryBytes(directory: string): number {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

interface RunFigures {
  wallSeconds: number;
  /** User plus system CPU time of the synth's processes (main and workers). */
  cpuSeconds: number;
  peakRssMb: number;
  outputMb: number;
  stacks: number;
  zipBytesInGuardStacks: number;
}

const rusagePreload = path.join(repoRoot, 'scripts', 'bench-rusage.mjs');

/**
 * Runs one synth in a fresh process of the checkout at `root`; peak memory is the main process plus
 * the largest workers that can run at once, CPU time the sum over every process.
 */
function run(root: string, args: string[], config: unknown): Promise<RunFigures> {
  // The previous run's files (2 GB at 10,000 x 17, and their removal) are flushed to disk first:
  // written back during this run, they made it up to five times slower than the same run alone.
  spawnSync('sync');
  const workDirectory = mkdtempSync(path.join(tmpdir(), 'guards-bench-synth-'));
  const configFile = path.join(workDirectory, 'guards.json');
  writeFileSync(configFile, JSON.stringify(config));
  const outdir = path.join(workDirectory, 'out');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args, configFile], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(rusagePreload).href}`.trim() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const progress = chunk.toString().match(/synthesized (\d+\/\d+) stacks/g);
      if (progress) process.stderr.write(`\r${progress[progress.length - 1]}   `);
    });
    child.on('exit', (code) => {
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      process.stderr.write('\r');
      if (code !== 0) return reject(new Error(`synth failed (${code}):\n${stderr}`));
      const mainMb = Number((stdout + stderr).match(/peak memory: main (\d+) MB/)?.[1] ?? NaN);
      const workersMb = Number(stdout.match(/peak memory of concurrent workers: (\d+) MB/)?.[1] ?? 0);
      const cpuMicroseconds = [...stderr.matchAll(/bench-rusage pid=\d+ user_us=(\d+) system_us=(\d+)/g)].reduce(
        (sum, match) => sum + Number(match[1]) + Number(match[2]),
        0,
      );
      const stacksDirectory = path.join(outdir, 'stacks');
      const stackNames = readdirSync(stacksDirectory);
      const zipBytesInGuardStacks = stackNames
        .filter((name) => !name.startsWith('artifacts-'))
        .reduce((sum, name) => {
          const assets = path.join(stacksDirectory, name, 'assets');
          return sum + (readdirSync(path.join(stacksDirectory, name)).includes('assets') ? directoryBytes(assets) : 0);
        }, 0);
      const figures = {
        wallSeconds,
        cpuSeconds: cpuMicroseconds / 1e6,
        peakRssMb: mainMb + workersMb,
        outputMb: directoryBytes(outdir) / 1024 / 1024,
        stacks: stackNames.length,
        zipBytesInGuardStacks,
      };
      rmSync(workDirectory, { recursive: true, force: true });
      resolve(figures);
    });
  });
}

function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median of each figure over the runs (each figure on its own). */
function medians(runs: readonly RunFigures[]): RunFigures {
  const of = (key: keyof RunFigures) => median(runs.map((figures) => figures[key]));
  return {
    wallSeconds: of('wallSeconds'),
    cpuSeconds: of('cpuSeconds'),
    peakRssMb: of('peakRssMb'),
    outputMb: of('outputMb'),
    stacks: of('stacks'),
    zipBytesInGuardStacks: of('zipBytesInGuardStacks'),
  };
}

/** This checkout's runs, and with --baseline the baseline's, alternating so that both meet the same load. */
async function runAlternating(args: string[], config: unknown): Promise<{ current: RunFigures; baseline?: RunFigures }> {
  const current: RunFigures[] = [];
  const before: RunFigures[] = [];
  for (let round = 0; round < repeat; round += 1) {
    if (baseline) before.push(await run(baseline, args, config));
    current.push(await run(repoRoot, args, config));
  }
  return { current: medians(current), ...(baseline ? { baseline: medians(before) } : {}) };
}

/** The key=value figures of one run, its keys prefixed (the naive line's `naive_`). */
function figuresLine(prefix: string, leading: Record<string, string | number>, figures: RunFigures, code: string | undefined): string {
  const fields: Record<string, string | number> = {
    ...leading,
    stacks: figures.stacks,
    wall_s: figures.wallSeconds.toFixed(1),
    cpu_s: figures.cpuSeconds.toFixed(1),
    peak_rss_mb: Math.round(figures.peakRssMb),
    output_mb: figures.outputMb.toFixed(1),
    zip_bytes_in_guard_stacks: figures.zipBytesInGuardStacks,
    runs: repeat,
    ...(code ? { code } : {}),
  };
  return Object.entries(fields)
    .map(([key, value]) => `${prefix}${key}=${value}`)
    .join(' ');
}

/** The rows of the docs table, one per printed line. */
const docRows: (string | number)[][] = [];

function printBoth(prefix: string, leading: Record<string, string | number>, result: { current: RunFigures; baseline?: RunFigures }): void {
  const runName = `${prefix === 'naive_' ? 'naive' : leading.mode}, ${leading.accounts} x ${leading.regions}`;
  const entries: [RunFigures, string | undefined][] = result.baseline
    ? [
        [result.baseline, 'baseline'],
        [result.current, 'current'],
      ]
    : [[result.current, undefined]];
  for (const [figures, code] of entries) {
    console.log(figuresLine(prefix, leading, figures, code));
    docRows.push([
      code ? `${runName} (${code})` : runName,
      figures.stacks.toLocaleString('en-US'),
      `${figures.wallSeconds.toFixed(1)} s`,
      `${figures.cpuSeconds.toFixed(1)} s`,
      `${Math.round(figures.peakRssMb).toLocaleString('en-US')} MB`,
      `${figures.outputMb.toFixed(1)} MB`,
      figures.zipBytesInGuardStacks.toLocaleString('en-US'),
    ]);
  }
}

function writeDocs(loadAtStart: number): void {
  // The baseline's folder is this machine's: the docs name it by what it is.
  const command = `npm run bench:synth -- ${process.argv
    .slice(2)
    .filter((argument) => argument !== '--write-docs')
    .map((argument, index, all) =>
      all[index - 1] === '--baseline' ? '<baseline checkout>' : argument.replace(/^--baseline=.*/, '--baseline=<baseline checkout>'),
    )
    .join(' ')}`.trim();
  const table = markdownTable(['run', 'stacks', 'wall', 'CPU', 'peak memory', 'output', 'zip bytes in guard stacks'], docRows);
  const medianNote = repeat > 1 ? `\n\nMedians of ${repeat} runs each${baseline ? ', baseline and current alternating' : ''}.` : '';
  writeDocSection('bench:synth', `${measuredOn(command, loadAtStart)}\n\n${table}${medianNote}`, values.docs);
}

async function main(): Promise<void> {
  const loadAtStart = loadAverage();
  const bucket = { source: 'bucket', account: syntheticAccountName(0), bucketPrefix: 'bench-guards-artifacts' };
  for (const hub of mode === 'both' ? [true, false] : [mode === 'hub']) {
    const result = await runAlternating(['main.ts', '--config'], organizationConfig(accounts, bucket, hub));
    printBoth('', { mode: hub ? 'hub' : 'standalone', accounts, regions }, result);
  }
  if (mode !== 'hub') {
    const naive = await runAlternating(['scripts/naive-synth.ts'], organizationConfig(naiveAccounts, { source: 'inline' }));
    printBoth('naive_', { accounts: naiveAccounts, regions }, naive);
  }
  if (values['write-docs']) writeDocs(loadAtStart);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
