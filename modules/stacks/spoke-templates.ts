import { App, StackManifest } from 'cdktf';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { GuardsConfig } from '../config/guards-config';
import { SpokeStackPlan } from './hub-plan';
import { SpokeStack } from './spoke-stack';

/**
 * Spoke stacks of one shape (same guards and settings, home region or not, same tags and deploy
 * role name) differ only in the account id, the account name and the region. Building 17,000 of
 * them through CDKTF costs milliseconds of construct work each; so one stack per shape is built,
 * with placeholders for those three values, and every spoke of that shape is written from its
 * text. `__tests__/stacks/spoke-templates.test.ts` proves the output byte-identical to building
 * every stack.
 */
const placeholders = { accountId: 'x0templateaccountid0x', accountName: 'x0templateaccountname0x', region: 'x0templateregion0x' } as const;

/** What makes two spokes the same but for their account id, name and region. */
export function spokeShapeKey(plan: SpokeStackPlan): string {
  const { account } = plan;
  return JSON.stringify({
    isHomeRegion: plan.isHomeRegion,
    guards: plan.guards.map((guard) => [guard.definition.name, guard.settings]),
    tags: account.tags ?? null,
    organizationalUnit: account.organizationalUnit ?? null,
    roleArn: account.roleArn ? account.roleArn.replace(`::${account.id}:`, '::{id}:') : null,
    hubRegionsByGuard: plan.hubRegionsByGuard,
  });
}

function placeholderPlan(plan: SpokeStackPlan): SpokeStackPlan {
  const account = {
    ...plan.account,
    id: placeholders.accountId,
    name: placeholders.accountName,
    ...(plan.account.roleArn ? { roleArn: plan.account.roleArn.replace(`::${plan.account.id}:`, `::${placeholders.accountId}:`) } : {}),
  };
  return { ...plan, account, region: placeholders.region, name: `${placeholders.accountName}-${placeholders.region}` };
}

type Placeholder = keyof typeof placeholders;

/**
 * A template's text cut at its placeholders: `texts[0] + value(slots[0]) + texts[1] + ...`. Filling
 * by joining makes one string per spoke; three `replaceAll` passes made three, and at 170,000
 * spokes that garbage, not the output, set the peak memory.
 */
interface CutText {
  readonly texts: readonly string[];
  readonly slots: readonly Placeholder[];
}

function cut(text: string): CutText {
  const names = Object.keys(placeholders) as Placeholder[];
  const pattern = new RegExp(names.map((name) => placeholders[name]).join('|'), 'g');
  const texts: string[] = [];
  const slots: Placeholder[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    texts.push(text.slice(last, match.index));
    slots.push(names.find((name) => placeholders[name] === match[0])!);
    last = match.index + match[0].length;
  }
  texts.push(text.slice(last));
  return { texts, slots };
}

function fill(template: CutText, plan: SpokeStackPlan): string {
  const values: Record<Placeholder, string> = { accountId: plan.account.id, accountName: plan.account.name, region: plan.region };
  let text = template.texts[0];
  for (let index = 0; index < template.slots.length; index += 1) text += values[template.slots[index]] + template.texts[index + 1];
  return text;
}

interface SpokeTemplate {
  readonly stack: CutText;
  readonly manifestEntry: CutText;
  readonly manifestVersion: string;
}

/** Builds one spoke per shape with placeholders (in a scratch folder) and keeps its texts. */
function buildTemplate(config: GuardsConfig, plan: SpokeStackPlan): SpokeTemplate {
  const scratch = mkdtempSync(path.join(tmpdir(), 'guards-spoke-template-'));
  try {
    const app = new App({ outdir: scratch });
    const templatePlan = placeholderPlan(plan);
    new SpokeStack(app, config, templatePlan);
    app.synth();
    const manifest = app.manifest.buildManifest();
    return {
      stack: cut(readFileSync(path.join(scratch, 'stacks', templatePlan.name, 'cdk.tf.json'), 'utf8')),
      manifestEntry: cut(JSON.stringify(manifest.stacks[templatePlan.name])),
      manifestVersion: manifest.version,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface TemplatedSpokes {
  readonly manifestVersion: string;
  /** Bytes of each written cdk.tf.json, in the order of the plans. */
  readonly bytes: readonly number[];
  /**
   * The manifest entry of each spoke, in the order of the plans, made one at a time as the
   * manifest writer takes them: 170,000 entries held at once were a third of the synth's live memory.
   */
  manifestEntries(): Iterable<[string, StackManifest]>;
}

function makeDirectory(directory: string): void {
  try {
    // Not recursive: the parent exists, and a recursive mkdir checks every level of the path.
    mkdirSync(directory);
  } catch (error) {
    // A synth into an earlier synth's folder overwrites its files.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

/** Writes every spoke into `outdir/stacks/<name>/cdk.tf.json` from its shape's template. */
export function synthesizeSpokesFromTemplates(config: GuardsConfig, plans: readonly SpokeStackPlan[], outdir: string): TemplatedSpokes {
  const templates = new Map<string, SpokeTemplate>();
  const stacksDirectory = path.join(outdir, 'stacks');
  mkdirSync(stacksDirectory, { recursive: true });
  const bytes: number[] = [];
  // Each plan's template, kept by reference: its shape key is costly to compute twice.
  const templateOfPlan: SpokeTemplate[] = [];
  for (const plan of plans) {
    const key = spokeShapeKey(plan);
    let template = templates.get(key);
    if (!template) {
      template = buildTemplate(config, plan);
      templates.set(key, template);
    }
    templateOfPlan.push(template);
    const directory = path.join(stacksDirectory, plan.name);
    makeDirectory(directory);
    const text = fill(template.stack, plan);
    writeFileSync(path.join(directory, 'cdk.tf.json'), text);
    bytes.push(Buffer.byteLength(text));
  }
  return {
    manifestVersion: [...templates.values()][0]?.manifestVersion ?? '',
    bytes,
    *manifestEntries() {
      for (const [position, plan] of plans.entries()) yield [plan.name, JSON.parse(fill(templateOfPlan[position].manifestEntry, plan)) as StackManifest];
    },
  };
}
