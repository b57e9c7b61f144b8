/**
 * `npm run bench:footprint -- --accounts N --regions R`: the same synthetic organization (N
 * accounts x R regions, the guards the hub mode runs: instance quarantine, security-group, IAM-change
 * and sign-in alerts, and the exposed-ports and inactive-user Config rules) in both modes, counted from the synthesized Terraform. Prints one key=value
 * line per mode. Member accounts of the synthetic organization are identical, so the hub account's
 * stacks and one member's stacks are synthesized (from the full-size config) and the member's count
 * is multiplied by N; `--full` synthesizes every stack instead (slow beyond a few hundred accounts).
 * Prices: scripts/aws-list-prices.ts (fixed monthly charges only).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { parseGuardsConfig } from '../modules/config/load-guards-config';
import { synthesizeGuards } from '../modules/stacks/synthesize';
import { fixedMonthlyUsd } from './aws-list-prices';
import { benchmarkRegions } from './benchmark-regions';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '1000' },
    regions: { type: 'string', default: '17' },
    full: { type: 'boolean', default: false },
    // Adds the detections and cis-alarms guards, in both modes (hub mode: on the organization trail).
    detections: { type: 'boolean', default: false },
  },
});
const accountCount = Number(values.accounts);
const regionCount = Number(values.regions);
if (!Number.isInteger(accountCount) || accountCount < 2 || !Number.isInteger(regionCount) || regionCount < 1 || regionCount > benchmarkRegions.length) {
  console.error(`--accounts must be a whole number >= 2 (one is the hub), --regions 1-${benchmarkRegions.length}`);
  process.exit(2);
}

const accountName = (index: number) => `account-${String(index).padStart(4, '0')}`;
const hubName = accountName(0);
const memberName = accountName(1);
const emails = ['secops@example.com'];

function organization(mode: 'hub' | 'standalone'): unknown {
  const quarantine = { snapshotVolumes: true, fleetTrigger: false, guardDutyTrigger: true, guardDutyMinSeverity: 7 };
  const configRules = { exposedPortsRule: {}, inactiveUserRule: {} };
  return {
    name: 'guards',
    homeRegion: 'us-east-1',
    regions: benchmarkRegions.slice(0, regionCount),
    accounts: Array.from({ length: accountCount }, (_, index) => ({ id: String(100000000000 + index), name: accountName(index) })),
    alerts: { emails },
    // The bench accounts have no deployer role: name the principals that publish the handler code.
    handlerCode: {
      source: 'bucket',
      account: hubName,
      bucketPrefix: 'bench-guards-artifacts',
      publisherArns: [`arn:aws:iam::${100000000000}:role/guards-publisher`],
    },
    ...(mode === 'hub'
      ? {
          hub: { account: hubName, organizationId: 'o-a1b2c3d4e5', guardDuty: 'forward', organizationTrail: { logGroupName: '/organization/cloudtrail' } },
          // The Config rules as organization rules (hub.configRules defaults to organization).
          guards: {
            instanceQuarantine: quarantine,
            signinAlert: { riskySignInsOnly: true },
            iamChangeAlert: {},
            sgChangeAlert: {},
            ...configRules,
            ...(values.detections ? { detections: {}, cisAlarms: {} } : {}),
          },
        }
      : {
          // Standalone: each account's own trail feeds its sign-in and IAM-change alarms.
          guards: {
            instanceQuarantine: quarantine,
            signinAlert: { riskySignInsOnly: true, createTrail: true },
            iamChangeAlert: { trailLogGroupName: '/guards/cloudtrail' },
            sgChangeAlert: {},
            ...configRules,
            ...(values.detections ? { detections: {}, cisAlarms: { trailLogGroupName: '/guards/cloudtrail' } } : {}),
          },
        }),
  };
}

type Counts = Record<string, number>;

function countStack(file: string): { counts: Counts; subscriptions: string[] } {
  const json = JSON.parse(readFileSync(file, 'utf8')) as { resource?: Record<string, Record<string, Record<string, unknown>>> };
  const counts: Counts = {};
  const subscriptions: string[] = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    counts[type] = Object.keys(byId).length;
    if (type === 'aws_sns_topic_subscription') {
      for (const subscription of Object.values(byId)) if (subscription.protocol === 'email') subscriptions.push(String(subscription.endpoint));
    }
  }
  return { counts, subscriptions };
}

function add(into: Counts, counts: Counts, times = 1): void {
  for (const [type, count] of Object.entries(counts)) into[type] = (into[type] ?? 0) + count * times;
}

const total = (counts: Counts) => Object.values(counts).reduce((sum, count) => sum + count, 0);

function measure(mode: 'hub' | 'standalone'): string {
  const config = parseGuardsConfig(organization(mode), `bench-footprint (${mode})`);
  const outdir = mkdtempSync(path.join(tmpdir(), `guards-footprint-${mode}-`));
  const selection = values.full ? {} : { accounts: mode === 'hub' ? [hubName, memberName] : [memberName] };
  const summaries = synthesizeGuards(config, { outdir, selection });
  const hubCounts: Counts = {};
  const memberCounts: Counts = {};
  const allCounts: Counts = {};
  const addressCounts = new Map<string, number>();
  const memberSuffix = (name: string) => name.startsWith(`${memberName}-`);
  for (const summary of summaries) {
    const { counts, subscriptions } = countStack(path.join(outdir, 'stacks', summary.name, 'cdk.tf.json'));
    const isHubAccount = summary.name.startsWith('hub-') || summary.name.startsWith('artifacts-');
    // Sampled: the hub account's own spokes are one of the N identical members, counted through the member.
    if (!values.full && summary.name.startsWith(`${hubName}-`)) continue;
    // Sampled: the member's stacks stand for every one of the N accounts (the hub account's own spokes too).
    const times = values.full || !memberSuffix(summary.name) ? 1 : accountCount;
    if (isHubAccount) add(hubCounts, counts);
    if (memberSuffix(summary.name)) add(memberCounts, counts);
    add(allCounts, counts, times);
    for (const address of subscriptions) addressCounts.set(address, (addressCounts.get(address) ?? 0) + times);
  }
  rmSync(outdir, { recursive: true, force: true });
  const usdTotal = fixedMonthlyUsd(allCounts);
  const usdMember = fixedMonthlyUsd(memberCounts);
  const fields: Record<string, string | number> = {
    mode,
    accounts: accountCount,
    regions: regionCount,
    resources_total: total(allCounts),
    resources_per_member_account: total(memberCounts),
    resources_hub: total(hubCounts),
    functions: allCounts.aws_lambda_function ?? 0,
    kms_keys: allCounts.aws_kms_key ?? 0,
    alarms: allCounts.aws_cloudwatch_metric_alarm ?? 0,
    topics: allCounts.aws_sns_topic ?? 0,
    subscriptions_per_address: Math.max(0, ...addressCounts.values()),
    monthly_fixed_usd_total: usdTotal.toFixed(2),
    monthly_fixed_usd_per_member_account: usdMember.toFixed(2),
    member_functions: memberCounts.aws_lambda_function ?? 0,
    member_kms_keys: memberCounts.aws_kms_key ?? 0,
    member_topics: memberCounts.aws_sns_topic ?? 0,
    counted: values.full ? 'every-stack' : 'hub+one-member-times-N',
  };
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${value}`)
    .join(' ');
}

console.log(measure('standalone'));
console.log(measure('hub'));
