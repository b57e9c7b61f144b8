import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { synthesizeInWorkers } from '../../modules/stacks/parallel-synth';
import { formatSynthSummary, synthesizeGuards } from '../../modules/stacks/synthesize';
import { repoRoot } from '../helpers/synth';

const configFile = path.join(repoRoot, 'examples', 'multi-account-standalone.yaml');

function stackFiles(outdir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(path.join(outdir, 'stacks')).map((name) => [name, readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')]),
  );
}

describe('synth in batches and worker processes', () => {
  it('writes the same stacks and one manifest listing all of them, whatever the batches and workers', async () => {
    const single = mkdtempSync(path.join(tmpdir(), 'guards-single-'));
    synthesizeGuards(loadGuardsConfig(configFile), { outdir: single });
    const parallel = mkdtempSync(path.join(tmpdir(), 'guards-parallel-'));
    const progress: number[] = [];
    const result = await synthesizeInWorkers({
      configFile,
      outdir: parallel,
      selection: {},
      batchSize: 2,
      workers: 2,
      stacksPerProcess: 4,
      stackCount: 13,
      onProgress: (done) => progress.push(done),
    });

    expect(stackFiles(parallel)).toEqual(stackFiles(single));
    const manifest = JSON.parse(readFileSync(path.join(parallel, 'manifest.json'), 'utf8'));
    expect(manifest).toEqual(JSON.parse(readFileSync(path.join(single, 'manifest.json'), 'utf8')));
    expect(manifest.stacks['production-eu-west-1'].dependencies).toEqual(['artifacts-eu-west-1']);
    expect(result.summaries).toHaveLength(Object.keys(manifest.stacks).length);
    // 13 stacks, at most 4 per process, in a multiple of 2 workers: 4 processes.
    expect(result.workerPeakRssBytes).toHaveLength(4);
    expect(Math.max(...progress)).toBe(13);
  });

  it('summarizes many stacks by guard set, with totals', () => {
    const summaries = Array.from({ length: 50 }, (_, index) => ({
      name: `account-${index}-eu-west-1`,
      guards: index % 2 ? ['instance-quarantine'] : ['instance-quarantine', 'region-lockdown'],
      terraformBytes: 1024,
      assetBytes: 0,
    }));
    expect(formatSynthSummary(summaries).split('\n')).toEqual([
      'stacks  guards                                terraform  assets',
      '25      instance-quarantine, region-lockdown  25.0 KB    0.0 KB',
      '25      instance-quarantine                   25.0 KB    0.0 KB',
      'total: 50 stack(s), 75 guard placement(s), 50.0 KB of Terraform, 0.0 KB of handler assets',
    ]);
  });
});
