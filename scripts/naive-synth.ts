/**
 * The baseline of `npm run bench:synth`: the organization synthesized the naive CDKTF way, one App
 * holding every stack and a `TerraformAsset` archive of the bundle folder made for every guard
 * function. Benchmark-only: production code never archives per function.
 * Usage: tsx scripts/naive-synth.ts <config file> (output in CDKTF_OUTDIR).
 */
import { App, AssetType, TerraformAsset } from 'cdktf';
import { Construct } from 'constructs';
import * as path from 'node:path';
import { HandlerCode, HandlerCodeSource } from '../modules/common/handler-assets';
import { loadGuardsConfig } from '../modules/config/load-guards-config';
import { GuardStack } from '../modules/stacks/guard-stack';
import { planStacks } from '../modules/stacks/org-plan';
import { distHandlersDir } from './handler-bundle';

/** One archive of `dist/handlers/<name>/` (written by `npm run build`) per function, as a plain CDKTF app would. */
function archivePerFunction(): HandlerCodeSource {
  let archiveCount = 0;
  return {
    kind: 'custom',
    codeFor: (assets: Construct, handlerName: string): HandlerCode => {
      archiveCount += 1;
      const archive = new TerraformAsset(assets, `${handlerName}-archive-${archiveCount}`, {
        path: path.join(distHandlersDir, handlerName),
        type: AssetType.ARCHIVE,
      });
      return { filename: archive.path, sourceCodeHash: archive.assetHash };
    },
  };
}

const config = loadGuardsConfig(process.argv[2]);
const app = new App({ outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out' });
for (const plan of planStacks(config)) new GuardStack(app, config, plan, archivePerFunction());
app.synth();
console.error(`peak memory: main ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
