import { App, StackManifest } from 'cdktf';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GuardsConfig } from '../config/guards-config';
import { HandlerCodeSource } from '../common/handler-assets';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { hubAlarmRelayServiceName } from '../../handlers/hub-alarm-relay/contract';
import { publishedArtifacts } from './artifacts-remote-state';
import { ArtifactsStack, artifactBucketName, artifactsStackName } from './artifacts-stack';
import { AppliedGap } from './emulator-gaps';
import { StackSelection } from './org-plan';
import { AnyStackPlan, createStack, hubDependencies, planAllStacks, runsFunctions } from './stack-plans';
import { SpokeStackPlan } from './hub-plan';
import { synthesizeSpokesFromTemplates } from './spoke-templates';
import { withoutTokenStackTraces } from './token-stack-traces';

export interface SynthesizeOptions {
  /** @default 'cdktf.out' */
  readonly outdir?: string;
  readonly selection?: StackSelection;
  /**
   * Stacks built and written per App. Each batch's constructs are freed before the next one is
   * built, so memory stays bounded however many stacks the organization has. @default 100
   */
  readonly batchSize?: number;
  /** Called after each batch with the number of stacks written so far. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Synthesize only share `index` of `count` (every count-th stack), for a worker process; the
   * first share also publishes the handler code. @default the whole plan
   */
  readonly share?: { readonly index: number; readonly count: number };
  /**
   * Hub mode: write spoke stacks from one template per shape instead of building each through
   * CDKTF (byte-identical output, see spoke-templates.ts). @default true
   */
  readonly spokeTemplates?: boolean;
}

export interface SynthesizedStackSummary {
  readonly name: string;
  readonly guards: readonly string[];
  /** Bytes of the stack's cdk.tf.json. */
  readonly terraformBytes: number;
  /** Bytes of the files copied beside it (handler zips). */
  readonly assetBytes: number;
  /** With `localEndpoint`: the resources left out for the emulator, `<address> (<gap id>)`. */
  readonly leftOutForEmulator?: readonly string[];
}

/** cdktf's manifest.json: what `cdktf diff|deploy <stack>` reads to find a stack. */
export interface ManifestFile {
  version: string;
  stacks: Record<string, StackManifest>;
}

export interface SynthesisResult {
  readonly summaries: SynthesizedStackSummary[];
  readonly manifest: ManifestFile;
}

function directoryBytes(directory: string): number {
  if (!existsSync(directory)) return 0;
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(path.join(entry.parentPath, entry.name)).size, 0);
}

/**
 * Synthesizes the config's stacks in batches into `outdir/stacks/<stack>/cdk.tf.json`, and one
 * manifest.json listing all of them (what `cdktf diff|deploy <stack>` reads).
 */
export function synthesizeGuards(config: GuardsConfig, options: SynthesizeOptions = {}): SynthesizedStackSummary[] {
  const outdir = options.outdir ?? 'cdktf.out';
  const { summaries, manifest } = synthesizeShare(config, options);
  writeManifest(outdir, manifest);
  return summaries;
}

export function writeManifest(outdir: string, manifest: ManifestFile): void {
  writeFileSync(path.join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2));
}

/** Synthesizes the stacks (of one share); returns their summaries and manifest entries. */
export function synthesizeShare(config: GuardsConfig, options: SynthesizeOptions = {}): SynthesisResult {
  return withoutTokenStackTraces(() => synthesizeShareStacks(config, options));
}

function synthesizeShareStacks(config: GuardsConfig, options: SynthesizeOptions): SynthesisResult {
  const outdir = options.outdir ?? 'cdktf.out';
  const batchSize = options.batchSize ?? 100;
  const share = options.share ?? { index: 0, count: 1 };
  const allPlans = planAllStacks(config, options.selection);
  const sharePlans = allPlans.filter((_, position) => position % share.count === share.index);
  const templatedSpokes = options.spokeTemplates === false ? [] : sharePlans.filter((plan): plan is SpokeStackPlan => 'kind' in plan && plan.kind === 'spoke');
  const templated = new Set<AnyStackPlan>(templatedSpokes);
  const plans = sharePlans.filter((plan) => !templated.has(plan));
  const manifest: ManifestFile = { version: '', stacks: {} };
  const summaries: SynthesizedStackSummary[] = [];
  const code = config.handlerCode;
  // The local emulator (localEndpoint) has no AWS Signer (moto answers its calls with 404), so a
  // local deploy runs the zips unsigned; against AWS, bucket mode signs them by default.
  const codeSigning = code.source === 'bucket' && code.codeSigning.enabled && !config.localEndpoint;
  const regions = [...new Set(allPlans.filter(runsFunctions).map((plan) => plan.region))];

  for (let start = 0; start < plans.length; start += batchSize) {
    const batch: AnyStackPlan[] = plans.slice(start, start + batchSize);
    const app = new App({ outdir });
    const written: { name: string; guards: string[]; report: { leftOut: readonly AppliedGap[] } }[] = [];
    if (code.source === 'bucket' && start === 0 && share.index === 0) {
      const account = config.accounts.find((candidate) => candidate.name === code.account);
      if (!account) throw new Error(`handlerCode.account: ${code.account} is not an account of the config`);
      // Hub mode: the hub's tamper-alert function runs cloudtrail-alert, whichever guards are on, and
      // the non-home regions relay their alarms with hub-alarm-relay.
      const hubHandlers = config.hub ? [cloudTrailAlertHandlerName, hubAlarmRelayServiceName] : [];
      const handlerNames = [...new Set([...hubHandlers, ...allPlans.flatMap((plan) => plan.guards.flatMap((guard) => guard.definition.handlers))])].sort();
      for (const region of regions) {
        const publisherArns = code.publisherArns ?? (account.roleArn ? [account.roleArn] : []);
        const stack = new ArtifactsStack(app, {
          config,
          account,
          region,
          bucketPrefix: code.bucketPrefix,
          organizationId: code.organizationId,
          handlerNames,
          publisherArns,
          codeSigning,
        });
        written.push({ name: artifactsStackName(region), guards: ['(handler code)'], report: stack.localEmulatorReport });
      }
    }
    for (const plan of batch) {
      const source: HandlerCodeSource =
        code.source === 'bucket' ? bucketSource(config, code.account, code.bucketPrefix, plan.region, codeSigning) : { kind: 'inline' };
      const stack = createStack(app, config, plan, source);
      const report = 'localEmulatorReport' in stack ? (stack.localEmulatorReport as { leftOut: readonly AppliedGap[] }) : { leftOut: [] };
      written.push({ name: plan.name, guards: plan.guards.map((guard) => guard.definition.name), report });
    }
    app.synth();
    // Each App knows its own batch only; the merged manifest is written at the end.
    const batchManifest = app.manifest.buildManifest();
    manifest.version = batchManifest.version;
    for (const [name, entry] of Object.entries(batchManifest.stacks)) manifest.stacks[name] = { ...entry };
    if (code.source === 'bucket') {
      // `cdktf deploy` publishes a region's code before the stacks that run it.
      for (const plan of batch.filter(runsFunctions))
        manifest.stacks[plan.name] = { ...manifest.stacks[plan.name], dependencies: [artifactsStackName(plan.region)] };
    }
    // Hub mode: `cdktf deploy` creates the hub's buses and roles before the spokes that name them.
    for (const plan of batch) {
      const dependencies = hubDependencies(config, plan);
      if (dependencies.length > 0)
        manifest.stacks[plan.name] = { ...manifest.stacks[plan.name], dependencies: [...(manifest.stacks[plan.name].dependencies ?? []), ...dependencies] };
    }
    for (const stack of written) {
      const stackDirectory = path.join(outdir, 'stacks', stack.name);
      summaries.push({
        name: stack.name,
        guards: stack.guards,
        terraformBytes: statSync(path.join(stackDirectory, 'cdk.tf.json')).size,
        assetBytes: directoryBytes(path.join(stackDirectory, 'assets')),
        ...(config.localEndpoint ? { leftOutForEmulator: stack.report.leftOut.map((gap) => `${gap.address} (${gap.gapId})`) } : {}),
      });
    }
    options.onProgress?.(Math.min(start + batchSize, plans.length), sharePlans.length);
  }
  if (templatedSpokes.length > 0) {
    const written = synthesizeSpokesFromTemplates(config, templatedSpokes, outdir);
    manifest.version ||= written.manifestVersion;
    for (const plan of templatedSpokes) {
      // The entry was parsed for this stack alone: completed in place rather than copied.
      const entry: { -readonly [key in keyof StackManifest]: StackManifest[key] } = written.entries[plan.name];
      entry.dependencies = hubDependencies(config, plan);
      manifest.stacks[plan.name] = entry;
      summaries.push({ name: plan.name, guards: plan.guards.map((guard) => guard.definition.name), terraformBytes: written.bytes[plan.name], assetBytes: 0 });
    }
    options.onProgress?.(sharePlans.length, sharePlans.length);
  }
  return { summaries, manifest };
}

/** Bucket mode: the region's artifact bucket, each function pinned to the object version the artifacts stack uploaded. */
function bucketSource(config: GuardsConfig, artifactsAccountName: string, bucketPrefix: string, region: string, codeSigning: boolean): HandlerCodeSource {
  const account = config.accounts.find((candidate) => candidate.name === artifactsAccountName);
  if (!account) throw new Error(`handlerCode.account: ${artifactsAccountName} is not an account of the config`);
  return {
    kind: 'bucket',
    bucketName: artifactBucketName(bucketPrefix, region),
    published: (stack) => publishedArtifacts(stack, config, { name: artifactsStackName(region), account, region }, codeSigning),
  };
}

function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/**
 * The closing table of a synth: one row per stack when there are few, else one row per set of
 * guards; then the totals.
 */
export function formatSynthSummary(summaries: readonly SynthesizedStackSummary[], maxRows = 40): string {
  const rows: string[][] = [];
  if (summaries.length <= maxRows) {
    rows.push(['stack', 'guards', 'terraform', 'assets']);
    for (const summary of summaries) {
      rows.push([summary.name, summary.guards.join(', '), kilobytes(summary.terraformBytes), kilobytes(summary.assetBytes)]);
    }
  } else {
    rows.push(['stacks', 'guards', 'terraform', 'assets']);
    const groups = new Map<string, SynthesizedStackSummary[]>();
    // Pushed in place: copying each group per stack was quadratic (minutes at 170,000 spokes).
    for (const summary of summaries) {
      const key = summary.guards.join(', ');
      const members = groups.get(key);
      if (members) members.push(summary);
      else groups.set(key, [summary]);
    }
    for (const [guards, members] of groups) {
      rows.push([
        String(members.length),
        guards,
        kilobytes(members.reduce((sum, member) => sum + member.terraformBytes, 0)),
        kilobytes(members.reduce((sum, member) => sum + member.assetBytes, 0)),
      ]);
    }
  }
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const lines = rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
  const placements = summaries.reduce((sum, summary) => sum + summary.guards.length, 0);
  const terraformBytes = summaries.reduce((sum, summary) => sum + summary.terraformBytes, 0);
  const assetBytes = summaries.reduce((sum, summary) => sum + summary.assetBytes, 0);
  const leftOut = summaries.filter((summary) => (summary.leftOutForEmulator ?? []).length > 0);
  if (leftOut.length > 0) {
    lines.push('left out for the local emulator (localEndpoint; see modules/stacks/emulator-gaps.ts):');
    for (const summary of leftOut) lines.push(`  ${summary.name}: ${summary.leftOutForEmulator!.join(', ')}`);
  }
  lines.push(
    `total: ${summaries.length} stack(s), ${placements} guard placement(s), ${kilobytes(terraformBytes)} of Terraform, ${kilobytes(assetBytes)} of handler assets`,
  );
  return lines.join('\n');
}
