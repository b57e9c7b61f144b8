import { Construct } from 'constructs';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** Where `npm run build` writes the handler zips. */
export const defaultHandlersDistDir = path.resolve(__dirname, '..', '..', 'dist', 'handlers');

export interface HandlerZip {
  /** Path of the zip as Terraform sees it (inside the stack's output folder). */
  readonly path: string;
  /** base64 SHA-256 of the zip: Lambda's `source_code_hash`, so a code change updates the function. */
  readonly sourceCodeHash: string;
}

const hashCache = new Map<string, string>();

function fileSha256Base64(file: string): string {
  let hash = hashCache.get(file);
  if (hash === undefined) {
    hash = createHash('sha256').update(readFileSync(file)).digest('base64');
    hashCache.set(file, hash);
  }
  return hash;
}

/**
 * The built handler zips of one stack. Each zip becomes one `TerraformAsset` per stack, however
 * many guard functions use it, and is never re-archived: `npm run build` made it once.
 */
export class HandlerAssets extends Construct {
  /** The stack's single instance, created on first use. */
  static of(scope: Construct): HandlerAssets {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(HandlerAssets.id);
    return existing instanceof HandlerAssets ? existing : new HandlerAssets(stack, HandlerAssets.id);
  }

  private static readonly id = 'handler-assets';
  private readonly zips = new Map<string, HandlerZip>();

  /** The zip built from `handlers/<handlerName>/index.ts`. */
  zipFor(handlerName: string, distDir: string = defaultHandlersDistDir): HandlerZip {
    const existing = this.zips.get(handlerName);
    if (existing) return existing;
    const file = path.join(distDir, `${handlerName}.zip`);
    if (!existsSync(file)) {
      throw new Error(`handler zip ${file} is missing: run \`npm run build\` before synth`);
    }
    const asset = new TerraformAsset(this, handlerName, { path: file, type: AssetType.FILE });
    const zip = { path: asset.path, sourceCodeHash: fileSha256Base64(file) };
    this.zips.set(handlerName, zip);
    return zip;
  }
}
