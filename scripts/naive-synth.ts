/**
 * The baseline of `npm run bench:synth`: the organization synthesized the naive CDKTF way, one App
 * holding every stack and a `TerraformAsset` archive made for every guard function.
 * Usage: tsx scripts/naive-synth.ts <config file> (output in CDKTF_OUTDIR).
 */
import { loadGuardsConfig } from '../modules/config/load-guards-config';
import { synthesizeGuards } from '../modules/stacks/synthesize';

const config = loadGuardsConfig(process.argv[2]);
synthesizeGuards(config, {
  outdir: process.env.CDKTF_OUTDIR ?? 'cdktf.out',
  batchSize: Number.MAX_SAFE_INTEGER,
  handlerCodeOverride: { kind: 'archive-per-function' },
});
console.error(`peak memory: main ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
