import { Construct } from 'constructs';
import { AssetType, TerraformAsset, TerraformStack } from 'cdktf';
import { LambdaCodeSigningConfig } from '@cdktf/provider-aws/lib/lambda-code-signing-config';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The root of this package: the nearest folder above this file that holds a package.json. That is
 * the repository when run from source (tsx, ts-jest), and `node_modules/<package>` when the built
 * library (lib/) is installed from the package, which ships the zips.
 */
function packageRoot(): string {
  for (let directory = __dirname; ; directory = path.dirname(directory)) {
    if (existsSync(path.join(directory, 'package.json'))) return directory;
    if (path.dirname(directory) === directory) throw new Error(`no package.json above ${__dirname}: cannot find the handler zips`);
  }
}

/** Where `npm run build` writes the handler zips, and where the package ships them. */
export const defaultHandlersDistDir = path.join(packageRoot(), 'dist', 'handlers');

/** How a Lambda function finds its code: a file beside the stack, or an object in a bucket. */
export type HandlerCode =
  | { readonly filename: string; readonly sourceCodeHash: string }
  | {
      readonly s3Bucket: string;
      readonly s3Key: string;
      readonly s3ObjectVersion?: string;
      readonly sourceCodeHash: string;
      /** Lambda refuses code not signed by the allowed signing profile (code signing on). */
      readonly codeSigningConfigArn?: string;
    };

/** What a guard stack reads of its region's artifacts stack (Terraform expressions). */
export interface PublishedArtifacts {
  /** The S3 version id of a handler's zip, as uploaded. */
  readonly objectVersion: (handlerName: string) => string;
  /** With code signing: the key and S3 version id of a handler's signed zip, and the signing profile version. */
  readonly signed?: {
    readonly objectKey: (handlerName: string) => string;
    readonly objectVersion: (handlerName: string) => string;
    readonly profileVersionArn: string;
  };
}

/**
 * Where a stack finds what the artifacts stack published: called once per stack, it adds what it
 * needs (a remote-state read of the artifacts stack) to the stack and returns the lookups.
 */
export type PublishedArtifactsSource = (stack: TerraformStack) => PublishedArtifacts;

/**
 * `inline`: each stack carries the zips. `bucket`: the zips were published to this bucket.
 * `custom`: the caller makes each function's code (asked once per function, not cached); e.g. the
 * naive baseline of `npm run bench:synth` (scripts/naive-synth.ts) archives per function this way.
 */
export type HandlerCodeSource =
  | { readonly kind: 'inline' }
  | { readonly kind: 'bucket'; readonly bucketName: string; readonly published?: PublishedArtifactsSource }
  | { readonly kind: 'custom'; readonly codeFor: (assets: Construct, handlerName: string) => HandlerCode };

interface ZipFacts {
  readonly file: string;
  readonly sha256Base64: string;
  readonly sha256Hex: string;
}

const zipFactsCache = new Map<string, ZipFacts>();

/** The built zip of a handler, read and hashed once per process however many stacks use it. */
export function handlerZip(handlerName: string, distDir: string = defaultHandlersDistDir): ZipFacts {
  const file = path.join(distDir, `${handlerName}.zip`);
  let facts = zipFactsCache.get(file);
  if (!facts) {
    if (!existsSync(file)) throw new Error(`handler zip ${file} is missing: run \`npm run build\` before synth`);
    const digest = createHash('sha256').update(readFileSync(file)).digest();
    facts = { file, sha256Base64: digest.toString('base64'), sha256Hex: digest.toString('hex') };
    zipFactsCache.set(file, facts);
  }
  return facts;
}

/** Content-addressed key of a handler zip in an artifact bucket: a new build never overwrites an old one. */
export function artifactKey(handlerName: string): string {
  return `handlers/${handlerName}/${handlerZip(handlerName).sha256Hex}.zip`;
}

/**
 * The handler code of one stack. Inline, each zip becomes one `TerraformAsset` per stack, however
 * many guard functions use it, and is never re-archived: `npm run build` made it once. From a
 * bucket, the stack only names the object, so its output grows by JSON alone.
 */
export class HandlerAssets extends Construct {
  /** Chooses where the stack's functions take their code from; call before any guard is added. */
  static configure(stack: TerraformStack, source: HandlerCodeSource): HandlerAssets {
    return new HandlerAssets(stack, HandlerAssets.id, source);
  }

  /** The stack's instance; inline unless `configure` said otherwise. */
  static of(scope: Construct): HandlerAssets {
    const stack = TerraformStack.of(scope);
    const existing = stack.node.tryFindChild(HandlerAssets.id);
    return existing instanceof HandlerAssets ? existing : HandlerAssets.configure(stack, { kind: 'inline' });
  }

  private static readonly id = 'handler-assets';
  private readonly codes = new Map<string, HandlerCode>();
  private publishedArtifacts?: PublishedArtifacts;
  private codeSigningConfig?: LambdaCodeSigningConfig;

  private constructor(
    scope: Construct,
    id: string,
    private readonly source: HandlerCodeSource,
  ) {
    super(scope, id);
  }

  /** The code built from `handlers/<handlerName>/index.ts`. */
  codeFor(handlerName: string): HandlerCode {
    if (this.source.kind === 'custom') return this.source.codeFor(this, handlerName);
    const existing = this.codes.get(handlerName);
    if (existing) return existing;
    const zip = handlerZip(handlerName);
    const code: HandlerCode =
      this.source.kind === 'bucket'
        ? { s3Bucket: this.source.bucketName, ...this.publishedObject(handlerName), sourceCodeHash: zip.sha256Base64 }
        : {
            filename: new TerraformAsset(this, handlerName, { path: zip.file, type: AssetType.FILE }).path,
            sourceCodeHash: zip.sha256Base64,
          };
    this.codes.set(handlerName, code);
    return code;
  }

  /**
   * The object a function runs: the exact version the artifacts stack uploaded or, with code
   * signing, the exact version of the signed zip under the stack's code signing config (Lambda
   * verifies the signature).
   */
  private publishedObject(handlerName: string): { s3Key: string; s3ObjectVersion?: string; codeSigningConfigArn?: string } {
    if (this.source.kind !== 'bucket' || !this.source.published) return { s3Key: artifactKey(handlerName) };
    this.publishedArtifacts ??= this.source.published(TerraformStack.of(this));
    const { signed } = this.publishedArtifacts;
    if (!signed) return { s3Key: artifactKey(handlerName), s3ObjectVersion: this.publishedArtifacts.objectVersion(handlerName) };
    this.codeSigningConfig ??= new LambdaCodeSigningConfig(this, 'code-signing', {
      description: "Guard functions run only code signed by the guards' signing profile",
      allowedPublishers: { signingProfileVersionArns: [signed.profileVersionArn] },
      policies: { untrustedArtifactOnDeployment: 'Enforce' },
    });
    return { s3Key: signed.objectKey(handlerName), s3ObjectVersion: signed.objectVersion(handlerName), codeSigningConfigArn: this.codeSigningConfig.arn };
  }
}
