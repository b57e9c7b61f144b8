import { App, StackManifest } from 'cdktf';
import { closeSync, existsSync, openSync, readdirSync, statSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { GuardsConfig } from '../config/guards-config';
import { HandlerCodeSource } from '../common/handler-assets';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { hubAlarmRelayServiceName } from '../../handlers/hub-alarm-relay/contract';
import { heartbeatServiceName } from '../../handlers/heartbeat/contract';
import { suppressionDigestName } from '../../handlers/suppression-digest/contract';
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
  /**
   * Manifest entries that follow `manifest.stacks`, made one at a time as the manifest is written
   * (hub-mode spokes written from templates: 170,000 entries held at once were a third of the
   * synth's live memory).
   */
  readonly laterEntries: () => Iterable<[string, StackManifest]>;
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
  const { summaries, manifest, laterEntries } = synthesizeShare(config, options);
  writeManifest(outdir, manifest, laterEntries());
  return summaries;
}

/**
 * Writes manifest.json: the text of `JSON.stringify(manifest, null, 2)` with `laterEntries` after
 * `manifest.stacks`, written in pieces (one string for 170,000 stacks was 100 MB more at the peak).
 */
export function writeManifest(outdir: string, manifest: ManifestFile, laterEntries: Iterable<[string, StackManifest]> = []): void {
  const file = openSync(path.join(outdir, 'manifest.json'), 'w');
  try {
    let pending = `{\n  "version": ${JSON.stringify(manifest.version)},\n  "stacks": {`;
    let first = true;
    const add = (name: string, entry: StackManifest) => {
      pending += `${first ? '' : ','}\n    ${JSON.stringify(name)}: ${JSON.stringify(entry, null, 2).replaceAll('\n', '\n    ')}`;
      first = false;
      if (pending.length > 1 << 20) {
        writeSync(file, pending);
        pending = '';
      }
    };
    for (const [name, entry] of Object.entries(manifest.stacks)) add(name, entry);
    for (const [name, entry] of laterEntries) add(name, entry);
    writeSync(file, `${pending}${first ? '}' : '\n  }'}\n}`);
  } finally {
    closeSync(file);
  }
}

/** The result with every manifest entry in `manifest.stacks` (to send to another process). */
export function withAllManifestEntries(result: SynthesisResult): Omit<SynthesisResult, 'laterEntries'> {
  const stacks = { ...result.manifest.stacks };
  for (const [name, entry] of result.laterEntries()) stacks[name] = entry;
  return { summaries: result.summaries, manifest: { ...result.manifest, stacks } };
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
  // Readers of the code are those of the whole config, whatever the selection: deploying one
  // account's stacks must not take the code away from the others.
  const selects = options.selection?.accounts !== undefined || options.selection?.regions !== undefined;
  const functionPlans = (selects ? planAllStacks(config) : allPlans).filter(runsFunctions);
  const readerAccountIds = (region: string) => [...new Set(functionPlans.filter((plan) => plan.region === region).map((plan) => plan.account.id))].sort();

  for (let start = 0; start < plans.length; start += batchSize) {
    const batch: AnyStackPlan[] = plans.slice(start, start + batchSize);
    const app = new App({ outdir });
    const written: { name: string; guards: string[]; report: { leftOut: readonly AppliedGap[] } }[] = [];
    if (code.source === 'bucket' && start === 0 && share.index === 0) {
      const account = config.accounts.find((candidate) => candidate.name === code.account);
      if (!account) throw new Error(`handlerCode.account: ${code.account} is not an account of the config`);
      const handlerNames = [
        ...new Set([...platformHandlerNames(config), ...allPlans.flatMap((plan) => plan.guards.flatMap((guard) => guard.definition.handlers))]),
      ].sort();
      for (const region of regions) {
        const publisherArns = code.publisherArns ?? (account.roleArn ? [account.roleArn] : []);
        const stack = new ArtifactsStack(app, {
          config,
          account,
          region,
          bucketPrefix: code.bucketPrefix,
          organizationId: code.organizationId,
          handlerNames,
          readerAccountIds: readerAccountIds(region),
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
  let laterEntries: SynthesisResult['laterEntries'] = () => [];
  if (templatedSpokes.length > 0) {
    const written = synthesizeSpokesFromTemplates(config, templatedSpokes, outdir);
    manifest.version ||= written.manifestVersion;
    // One guards list per set of guards, not per spoke.
    const guardLists = new Map<string, string[]>();
    for (const [position, plan] of templatedSpokes.entries()) {
      const names = plan.guards.map((guard) => guard.definition.name);
      const key = names.join(',');
      const guards = guardLists.get(key) ?? guardLists.set(key, names).get(key)!;
      summaries.push({ name: plan.name, guards, terraformBytes: written.bytes[position], assetBytes: 0 });
    }
    laterEntries = () => spokeEntries(config, templatedSpokes, written.manifestEntries());
    options.onProgress?.(sharePlans.length, sharePlans.length);
  }
  return { summaries, manifest, laterEntries };
}

/** The spokes' manifest entries, each with the hub stacks it must follow. */
function* spokeEntries(config: GuardsConfig, plans: readonly SpokeStackPlan[], entries: Iterable<[string, StackManifest]>): Iterable<[string, StackManifest]> {
  let position = 0;
  for (const [name, entry] of entries) {
    yield [name, { ...entry, dependencies: hubDependencies(config, plans[position]) }];
    position += 1;
  }
}

/**
 * The handlers of the functions the stacks make besides the guards' own: in hub mode the hub's
 * tamper-alert function (cloudtrail-alert, whichever guards are on), the non-home regions' alarm
 * relay and the heartbeat; with suppressions, the weekly digest (both modes).
 */
function platformHandlerNames(config: GuardsConfig): string[] {
  return [
    ...(config.hub ? [cloudTrailAlertHandlerName, hubAlarmRelayServiceName, heartbeatServiceName] : []),
    ...(config.suppressions.length > 0 ? [suppressionDigestName] : []),
  ];
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
