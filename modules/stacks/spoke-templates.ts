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

interface SpokeTemplate {
  readonly stackJson: string;
  readonly manifestJson: string;
  readonly manifestVersion: string;
}

function fill(text: string, plan: SpokeStackPlan): string {
  return text
    .replaceAll(placeholders.accountId, plan.account.id)
    .replaceAll(placeholders.accountName, plan.account.name)
    .replaceAll(placeholders.region, plan.region);
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
      stackJson: readFileSync(path.join(scratch, 'stacks', templatePlan.name, 'cdk.tf.json'), 'utf8'),
      manifestJson: JSON.stringify(manifest.stacks[templatePlan.name]),
      manifestVersion: manifest.version,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

export interface TemplatedSpokes {
  readonly manifestVersion: string;
  readonly entries: Record<string, StackManifest>;
  /** Bytes of each written cdk.tf.json, by stack name. */
  readonly bytes: Record<string, number>;
}

/** Writes every spoke into `outdir/stacks/<name>/cdk.tf.json` from its shape's template. */
export function synthesizeSpokesFromTemplates(config: GuardsConfig, plans: readonly SpokeStackPlan[], outdir: string): TemplatedSpokes {
  const templates = new Map<string, SpokeTemplate>();
  const entries: Record<string, StackManifest> = {};
  const bytes: Record<string, number> = {};
  for (const plan of plans) {
    const key = spokeShapeKey(plan);
    let template = templates.get(key);
    if (!template) {
      template = buildTemplate(config, plan);
      templates.set(key, template);
    }
    const directory = path.join(outdir, 'stacks', plan.name);
    mkdirSync(directory, { recursive: true });
    const text = fill(template.stackJson, plan);
    writeFileSync(path.join(directory, 'cdk.tf.json'), text);
    bytes[plan.name] = Buffer.byteLength(text);
    entries[plan.name] = JSON.parse(fill(template.manifestJson, plan)) as StackManifest;
  }
  return { manifestVersion: [...templates.values()][0]?.manifestVersion ?? '', entries, bytes };
}
