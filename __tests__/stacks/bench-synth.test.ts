import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../helpers/synth';

// One line per run, keys in the order docs/benchmarks.md ("How to run them") documents.
const organizationKeys = ['mode', 'accounts', 'regions', 'stacks', 'wall_s', 'cpu_s', 'peak_rss_mb', 'output_mb', 'zip_bytes_in_guard_stacks', 'runs'];
const naiveKeys = ['accounts', 'regions', 'stacks', 'wall_s', 'cpu_s', 'peak_rss_mb', 'output_mb', 'zip_bytes_in_guard_stacks', 'runs'].map(
  (key) => `naive_${key}`,
);
const decimal = /^\d+\.\d$/;
const whole = /^\d+$/;

function fields(line: string): [string, string][] {
  return line.split(' ').map((pair) => pair.split('=') as [string, string]);
}

describe('npm run bench:synth on a tiny organization', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'bench-synth-test-'));
  const docs = path.join(work, 'benchmarks.md');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints both modes and the naive run in the documented format, and writes them into its docs section', () => {
    writeFileSync(docs, 'kept above\n<!-- bench:synth:start -->\nold figures\n<!-- bench:synth:end -->\nkept below\n');
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join('scripts', 'bench-synth.ts'), '--accounts', '2', '--regions', '2', '--naive-accounts', '1', '--write-docs', '--docs', docs],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(result.stderr).not.toMatch(/synth failed|Error/);
    expect(result.status).toBe(0);
    const [hub, standalone, naive, ...rest] = result.stdout.trim().split('\n');
    expect(rest).toEqual([]);

    for (const [line, mode, stacks] of [
      // 2 artifacts stacks, 2 hub stacks, a spoke per (account, region).
      [hub, 'hub', '8'],
      // 2 artifacts stacks and a stack per (account, region).
      [standalone, 'standalone', '6'],
    ]) {
      const figures = fields(line);
      expect(figures.map(([key]) => key)).toEqual(organizationKeys);
      const values = Object.fromEntries(figures);
      expect(values).toMatchObject({ mode, accounts: '2', regions: '2', stacks, zip_bytes_in_guard_stacks: '0', runs: '1' });
      for (const key of ['wall_s', 'cpu_s', 'output_mb']) expect(values[key]).toMatch(decimal);
      expect(values.peak_rss_mb).toMatch(whole);
    }

    const naiveFigures = fields(naive);
    expect(naiveFigures.map(([key]) => key)).toEqual(naiveKeys);
    const naiveValues = Object.fromEntries(naiveFigures);
    expect(naiveValues).toMatchObject({ naive_accounts: '1', naive_regions: '2', naive_stacks: '2' });
    // The naive way copies the zips into every stack.
    expect(Number(naiveValues.naive_zip_bytes_in_guard_stacks)).toBeGreaterThan(0);

    const written = readFileSync(docs, 'utf8');
    expect(written).toMatch(/^kept above\n<!-- bench:synth:start -->\nMeasured \d{4}-\d{2}-\d{2} on \d+ cores/);
    expect(written).toMatch(/\n<!-- bench:synth:end -->\nkept below\n$/);
    expect(written).not.toContain('old figures');
    for (const run of ['hub, 2 x 2', 'standalone, 2 x 2', 'naive, 1 x 2']) expect(written).toContain(`| ${run} |`);
  }, 300_000);
});
