/**
 * `npm run bench:synth -- --accounts N --regions R [--mode both|hub|standalone]`: synthesizes an
 * organization of N accounts x R regions the way this project does it (handler code in per-region
 * artifact buckets, batches, worker processes) in hub mode (the guards of examples/organization.yaml,
 * spokes written from templates) and in standalone mode (every guard of
 * examples/multi-account-standalone.yaml), and the standalone organization the naive CDKTF way (one
 * App, one archive per guard function), in the same run. Prints one key=value line per run.
 * Figures only: nothing here is a pass/fail test.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { repoRoot } from './handler-bundle';
import { benchmarkRegions } from './benchmark-regions';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100' },
    regions: { type: 'string', default: '17' },
    'naive-accounts': { type: 'string' },
    mode: { type: 'string', default: 'both' },
  },
});
const mode = values.mode ?? 'both';
if (!['both', 'hub', 'standalone'].includes(mode)) {
  console.error('--mode must be both, hub or standalone');
  process.exit(2);
}
const accounts = Number(values.accounts);
const regions = Number(values.regions);
// The naive way writes every zip into every stack: past 100 accounts it fills disks, not tables.
const naiveAccounts = Number(values['naive-accounts'] ?? Math.min(accounts, 100));
if (![accounts, regions, naiveAccounts].every((n) => Number.isInteger(n) && n >= 1) || regions > benchmarkRegions.length) {
  console.error(`--accounts and --naive-accounts must be whole numbers >= 1, --regions 1-${benchmarkRegions.length}`);
  process.exit(2);
}

function organizationConfig(accountCount: number, handlerCode: unknown, hub = false): unknown {
  const example = parseYaml(readFileSync(path.join(repoRoot, 'examples', hub ? 'organization.yaml' : 'multi-account-standalone.yaml'), 'utf8')) as {
    guards: { regionLockdown?: { organizationsMode?: unknown } };
    hub?: Record<string, unknown>;
  };
  // The example's service control policy names one of its own accounts; the synthetic organization has other ids.
  delete example.guards.regionLockdown?.organizationsMode;
  return {
    ...(hub ? { hub: { ...example.hub, account: 'account-0000' } } : {}),
    name: 'guards',
    homeRegion: 'us-east-1',
    regions: benchmarkRegions.slice(0, regions),
    accounts: Array.from({ length: accountCount }, (_, index) => ({
      id: String(100000000000 + index),
      name: `account-${String(index).padStart(4, '0')}`,
      roleArn: `arn:aws:iam::${100000000000 + index}:role/guards-deployer`,
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
  peakRssMb: number;
  outputMb: number;
  stacks: number;
  zipBytesInGuardStacks: number;
}

/** Runs one synth in a fresh process; peak memory is the main process plus the largest workers that can run at once. */
function run(args: string[], config: unknown): Promise<RunFigures> {
  const workDirectory = mkdtempSync(path.join(tmpdir(), 'guards-bench-synth-'));
  const configFile = path.join(workDirectory, 'guards.json');
  writeFileSync(configFile, JSON.stringify(config));
  const outdir = path.join(workDirectory, 'out');
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args, configFile], {
      cwd: repoRoot,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
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

async function main(): Promise<void> {
  const bucket = { source: 'bucket', account: 'account-0000', bucketPrefix: 'bench-guards-artifacts' };
  for (const hub of mode === 'both' ? [true, false] : [mode === 'hub']) {
    const organization = await run(['main.ts', '--config'], organizationConfig(accounts, bucket, hub));
    console.log(
      `mode=${hub ? 'hub' : 'standalone'} accounts=${accounts} regions=${regions} stacks=${organization.stacks} wall_s=${organization.wallSeconds.toFixed(1)} ` +
        `peak_rss_mb=${organization.peakRssMb} output_mb=${organization.outputMb.toFixed(1)} zip_bytes_in_guard_stacks=${organization.zipBytesInGuardStacks}`,
    );
  }
  if (mode === 'hub') return;
  const naive = await run(['scripts/naive-synth.ts'], organizationConfig(naiveAccounts, { source: 'inline' }));
  console.log(
    `naive_accounts=${naiveAccounts} naive_regions=${regions} naive_stacks=${naive.stacks} naive_wall_s=${naive.wallSeconds.toFixed(1)} ` +
      `naive_peak_rss_mb=${naive.peakRssMb} naive_output_mb=${naive.outputMb.toFixed(1)} naive_zip_bytes_in_guard_stacks=${naive.zipBytesInGuardStacks}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
