import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { guardRegistry } from '../../modules/stacks/guard-registry';
import { repoRoot } from '../helpers/synth';

const tsx = path.join(repoRoot, 'node_modules', '.bin', 'tsx');

function runSynth(args: string[], outdir: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(tsx, ['main.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, CDKTF_OUTDIR: outdir },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm run synth (main.ts)', () => {
  it('synthesizes the default example into one stack per account and region', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'guards-cli-'));
    const result = runSynth([], outdir);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const stackFile = path.join(outdir, 'stacks', 'sandbox-us-east-1', 'cdk.tf.json');
    expect(existsSync(stackFile)).toBe(true);
    expect(readFileSync(stackFile, 'utf8')).toContain('"function_name": "guards-instance-quarantine"');
    const guardsInExample = guardRegistry.filter((guard) =>
      readFileSync(path.join(repoRoot, 'examples', 'single-account.yaml'), 'utf8').includes(`${guard.configKey}:`),
    );
    const row = result.stdout.split('\n').find((line) => line.startsWith('sandbox-us-east-1 '));
    for (const guard of guardsInExample) expect(row).toContain(guard.name);
    expect(result.stdout).toContain(`total: 1 stack(s), ${guardsInExample.length} guard placement(s)`);
  });

  it('takes another config with --config and exits 1 naming the file and field of a problem', () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'guards-cli-'));
    const configFile = path.join(directory, 'broken.yaml');
    writeFileSync(configFile, 'regions: [eu-west-1]\nhomeRegion: eu-west-1\naccounts:\n  - id: "111122223333"\n    name: prod\n    colour: blue\n');
    const result = runSynth(['--config', configFile], path.join(directory, 'out'));
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('broken.yaml: accounts[0].colour: unknown key');
    expect(existsSync(path.join(directory, 'out'))).toBe(false);
  });
});

describe('the cdktf CLI on the guards app', () => {
  it('synthesizes the stacks a config and selection name into the manifest that diff and deploy read', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'guards-cdktf-'));
    const result = spawnSync(path.join(repoRoot, 'node_modules', '.bin', 'cdktf'), ['synth', '--output', outdir], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        CHECKPOINT_DISABLE: '1',
        CI: 'true',
        GUARDS_CONFIG: 'examples/multi-account-standalone.yaml',
        GUARDS_ACCOUNTS: 'production',
        GUARDS_REGIONS: 'eu-west-1,us-east-1',
      },
    });
    expect(result.status).toBe(0);
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.stacks).sort()).toEqual(['artifacts-eu-west-1', 'artifacts-us-east-1', 'production-eu-west-1', 'production-us-east-1']);
    expect(manifest.stacks['production-eu-west-1']).toMatchObject({
      synthesizedStackPath: 'stacks/production-eu-west-1/cdk.tf.json',
      dependencies: ['artifacts-eu-west-1'],
    });
    expect(existsSync(path.join(outdir, manifest.stacks['production-eu-west-1'].synthesizedStackPath))).toBe(true);
  });
});
