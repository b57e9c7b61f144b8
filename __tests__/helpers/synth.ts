import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { GuardsConfig } from '../../modules/config/guards-config';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { StackSelection } from '../../modules/stacks/org-plan';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { MemberDirectory, memberDirectoryKey, parseMemberDirectory } from '../../handlers/common/member-directory-format';

export const repoRoot = path.resolve(__dirname, '..', '..');

export interface SynthesizedStack {
  readonly name: string;
  readonly directory: string;
  readonly json: TerraformJson;
}

/** The parts of a synthesized cdk.tf.json the tests read. */
export interface TerraformJson {
  readonly provider: { aws: Record<string, unknown>[] };
  readonly terraform: Record<string, unknown>;
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
}

/** Synthesizes a config file of the repo (e.g. `examples/single-account.yaml`) into a temp folder. */
export function synthesizeConfigFile(
  relativeConfigFile: string,
  selection?: StackSelection,
  adjust: (config: GuardsConfig) => GuardsConfig = (config) => config,
): SynthesizedStack[] {
  return synthesizeConfig(adjust(loadGuardsConfig(path.join(repoRoot, relativeConfigFile))), selection);
}

/** Synthesizes a loaded config (e.g. one a test generates) into a temp folder. */
export function synthesizeConfig(config: GuardsConfig, selection?: StackSelection): SynthesizedStack[] {
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-synth-'));
  return synthesizeGuards(config, { outdir, selection }).map((stack) => {
    const directory = path.join(outdir, 'stacks', stack.name);
    return {
      name: stack.name,
      directory,
      json: JSON.parse(readFileSync(path.join(directory, 'cdk.tf.json'), 'utf8')) as TerraformJson,
    };
  });
}

/** Every resource of one Terraform type in a synthesized stack, by logical id. */
export function resourcesOfType(json: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  return json.resource[type] ?? {};
}

/** Resources a stack's plan must create: every resource block the stack synthesized. */
export function resourceCount(stack: SynthesizedStack): number {
  return Object.values(stack.json.resource).reduce((sum, byId) => sum + Object.keys(byId).length, 0);
}

/**
 * One stack of each distinct shape (the same resource addresses and outputs): terraform accepts
 * or refuses a shape, whatever account id or region fills it, so validating and planning one of
 * each proves the others as well, at a fraction of the time.
 */
export function oneStackPerShape(stacks: readonly SynthesizedStack[]): SynthesizedStack[] {
  const shapes = new Map<string, SynthesizedStack>();
  for (const stack of stacks) {
    const json = stack.json as TerraformJson & { output?: Record<string, unknown> };
    const addresses = Object.entries(json.resource).flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`));
    const shape = JSON.stringify([addresses.sort(), Object.keys(json.output ?? {}).sort()]);
    if (!shapes.has(shape)) shapes.set(shape, stack);
  }
  return [...shapes.values()];
}

export { handlerOfFunction } from '../../scripts/replay/function-handler';

/**
 * A hub stack's member directory: its one object's content, parsed as the hub functions parse it,
 * and the location variables each hub function must carry (the bucket, the object's version id as
 * a Terraform reference, the hub account as owner).
 */
export function hubMemberDirectory(json: TerraformJson): { directory: MemberDirectory; variables: Record<string, string> } {
  const objects = Object.entries(resourcesOfType(json, 'aws_s3_object')).filter(([, object]) => object.key === memberDirectoryKey);
  if (objects.length !== 1) throw new Error(`expected one member directory object, found ${objects.length}`);
  const [id, object] = objects[0];
  const provider = json.provider.aws[0] as { allowed_account_ids?: string[] };
  const bucket = Object.values(resourcesOfType(json, 'aws_s3_bucket')).find((candidate) => String(candidate.bucket).includes('-hub-directory-'));
  return {
    directory: parseMemberDirectory(String(object.content), id),
    variables: {
      MEMBER_DIRECTORY_BUCKET: String(bucket?.bucket),
      MEMBER_DIRECTORY_VERSION_ID: `\${aws_s3_object.${id}.version_id}`,
      MEMBER_DIRECTORY_BUCKET_OWNER: String(provider.allowed_account_ids?.[0]),
    },
  };
}

/** Every file of a synth output (stack files and the manifest), by path relative to `outdir`. */
export function synthOutputFiles(outdir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(outdir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(outdir, file), readFileSync(file, 'utf8')];
      }),
  );
}
