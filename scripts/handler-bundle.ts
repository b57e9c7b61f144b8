import * as esbuild from 'esbuild';
import { zipSync } from 'fflate';
import { readdirSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { pureSdkSchemas } from './pure-sdk-schemas';

export const repoRoot = path.resolve(__dirname, '..');
export const handlersDir = path.join(repoRoot, 'handlers');
export const distHandlersDir = path.join(repoRoot, 'dist', 'handlers');

/** The file name the Lambda runtime loads: `index.handler` resolves to `index.mjs`. */
export const bundleFileName = 'index.mjs';

/**
 * DOS timestamps cannot go below 1980. Built from local fields so that the zip stores the same
 * date/time fields in every time zone (zip entry times are local time).
 */
const fixedZipTime = new Date(1980, 0, 1, 0, 0, 0);

/** Every folder under handlers/ that has an index.ts is a handler; common/ is shared code. */
export function listHandlerNames(): string[] {
  return readdirSync(handlersDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'common')
    .filter((entry) => existsSync(path.join(handlersDir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

export function handlerZipPath(handlerName: string): string {
  return path.join(distHandlersDir, `${handlerName}.zip`);
}

export function handlerMetafilePath(handlerName: string): string {
  return path.join(distHandlersDir, `${handlerName}.meta.json`);
}

/** What every bundle of a handler shares: its entry point, bundled for node, kept in memory. */
export function handlerBuildBase(handlerName: string): esbuild.BuildOptions {
  return {
    entryPoints: [path.join(handlersDir, handlerName, 'index.ts')],
    absWorkingDir: repoRoot,
    bundle: true,
    write: false,
    platform: 'node',
  };
}

export interface HandlerBundle {
  code: Uint8Array;
  metafile: esbuild.Metafile;
}

/**
 * The production bundle: ESM entry points so that esbuild can tree-shake the AWS SDK, minified,
 * for the nodejs22.x runtime. The SDK is bundled rather than taken from the runtime so that the
 * code does not change under the handler when AWS updates the runtime's SDK.
 */
export async function bundleHandler(handlerName: string): Promise<HandlerBundle> {
  const result = await esbuild.build({
    ...handlerBuildBase(handlerName),
    target: 'node22',
    format: 'esm',
    mainFields: ['module', 'main'],
    conditions: ['import', 'module'],
    minify: true,
    treeShaking: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [pureSdkSchemas()],
    // Some CommonJS dependencies call require() for node builtins; ESM output has no require.
    banner: { js: "import{createRequire as __guardsCreateRequire}from'node:module';const require=__guardsCreateRequire(import.meta.url);" },
    outfile: path.join(distHandlersDir, handlerName, bundleFileName),
  });
  return { code: result.outputFiles![0].contents, metafile: result.metafile! };
}

/** A zip whose bytes depend only on the code: one entry, fixed time, fixed compression level. */
export function zipBundle(code: Uint8Array): Uint8Array {
  return zipSync({ [bundleFileName]: [code, { mtime: fixedZipTime, level: 9 }] });
}
