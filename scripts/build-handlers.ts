/**
 * `npm run build`: bundles every handlers/<name>/index.ts into dist/handlers/<name>.zip.
 * The same source gives a byte-identical zip, so Terraform sees no change when nothing changed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { bundleFileName, bundleHandler, distHandlersDir, handlerMetafilePath, handlerZipPath, listHandlerNames, repoRoot, zipBundle } from './handler-bundle';

async function main(): Promise<void> {
  mkdirSync(distHandlersDir, { recursive: true });
  for (const handlerName of listHandlerNames()) {
    const bundle = await bundleHandler(handlerName);
    const zip = zipBundle(bundle.code);
    writeFileSync(handlerZipPath(handlerName), zip);
    // The unzipped bundle, for reading and for the naive baseline of `npm run bench:synth`.
    mkdirSync(path.join(distHandlersDir, handlerName), { recursive: true });
    writeFileSync(path.join(distHandlersDir, handlerName, bundleFileName), bundle.code);
    // The least-privilege test reads which source files went into the bundle.
    writeFileSync(handlerMetafilePath(handlerName), JSON.stringify(bundle.metafile));
    const relative = path.relative(repoRoot, handlerZipPath(handlerName));
    console.log(`built ${relative} (${zip.byteLength} bytes)`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
