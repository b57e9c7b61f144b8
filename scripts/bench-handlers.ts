/**
 * `npm run bench`: for each handler, the production zip's size and cold import time, against a
 * plain esbuild bundle of the same entry (CommonJS, esbuild's defaults) built in the same run.
 * Cold import = the median, over several fresh node processes, of the time to import the bundle.
 * Prints one key=value line per handler.
 */
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { bundleHandler, handlerBuildBase, listHandlerNames, zipBundle } from './handler-bundle';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);

/** What a Lambda runtime would set; handlers may read them when their module loads. */
const lambdaLikeEnvironment = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'bench',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:bench',
};

async function plainBundle(handlerName: string): Promise<Uint8Array> {
  const result = await esbuild.build({
    ...handlerBuildBase(handlerName),
    format: 'cjs',
    logLevel: 'error',
    outfile: 'index.js',
  });
  return result.outputFiles![0].contents;
}

/** Milliseconds from process start of the import to its end, measured inside a fresh process. */
function coldImportMs(file: string): number {
  const script = `const t=process.hrtime.bigint();import(${JSON.stringify(pathToFileURL(file).href)}).then(()=>process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6)))`;
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, ...lambdaLikeEnvironment },
    encoding: 'utf8',
    // The SDK warns about this machine's node version (Lambda runs 22); not part of the figures.
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return Number(output);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function main(): Promise<void> {
  const workDirectory = mkdtempSync(path.join(tmpdir(), 'guards-bench-'));
  for (const handlerName of listHandlerNames()) {
    const production = await bundleHandler(handlerName);
    const productionFile = path.join(workDirectory, `${handlerName}.mjs`);
    writeFileSync(productionFile, production.code);
    const plain = await plainBundle(handlerName);
    const plainFile = path.join(workDirectory, `${handlerName}.plain.cjs`);
    writeFileSync(plainFile, plain);

    const productionTimes: number[] = [];
    const plainTimes: number[] = [];
    // Alternate the two so that machine noise falls on both alike.
    for (let run = 0; run < runs; run += 1) {
      productionTimes.push(coldImportMs(productionFile));
      plainTimes.push(coldImportMs(plainFile));
    }
    const importMs = median(productionTimes);
    const plainImportMs = median(plainTimes);
    console.log(
      [
        `handler=${handlerName}`,
        `zip_bytes=${zipBundle(production.code).byteLength}`,
        `plain_zip_bytes=${zipBundle(plain).byteLength}`,
        `import_ms=${importMs.toFixed(1)}`,
        `plain_import_ms=${plainImportMs.toFixed(1)}`,
        `ratio=${(importMs / plainImportMs).toFixed(2)}`,
        `runs=${runs}`,
      ].join(' '),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
