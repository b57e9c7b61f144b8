import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { configProblems } from '../helpers/config-problems';
import { cisCoverage } from '../helpers/detection-coverage';
import { repoRoot, resourcesOfType, SynthesizedStack, TerraformJson } from '../helpers/synth';

/**
 * cisAlarms.memberAlarms in hub mode (off by default): a member's home region holds its own
 * multi-region trail, the 15 exact CIS filters and alarms on that trail's log group and a topic
 * with the alert addresses, so that the member's own Security Hub CloudWatch.1-14 pass
 * (https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html: the trail,
 * filter, alarm and topic are the member account's resources). Without it a member holds none.
 */
function synthesize(memberAlarms: boolean | undefined): SynthesizedStack[] {
  const raw = parse(readFileSync(path.join(repoRoot, 'examples', 'organization.yaml'), 'utf8')) as { guards: Record<string, unknown> };
  raw.guards.cisAlarms = memberAlarms === undefined ? {} : { memberAlarms };
  const config = parseGuardsConfig(raw, 'organization.yaml (memberAlarms)');
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-cis-members-'));
  return synthesizeGuards(config, { outdir, selection: { accounts: ['security-tooling', 'production'] } }).map((stack) => ({
    name: stack.name,
    directory: path.join(outdir, 'stacks', stack.name),
    json: JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')) as TerraformJson,
  }));
}

const values = (json: TerraformJson, type: string) => Object.values(resourcesOfType(json, type));
const cisFilters = (stack: SynthesizedStack) =>
  values(stack.json, 'aws_cloudwatch_log_metric_filter').filter((filter) => String(filter.name).startsWith('guards-cis-'));

describe('cisAlarms.memberAlarms (hub mode)', () => {
  const withMembers = synthesize(true);
  const home = withMembers.find((stack) => stack.name === 'production-us-east-1')!;

  it("puts the 15 exact filters, alarms and a subscribed topic in each member's home region, on its own multi-region trail", () => {
    expect(cisCoverage([home]).filter((row) => !row.exact)).toEqual([]);
    // On the log group the member's trail delivers to (by reference, so that Terraform makes it first).
    const logGroupIds = Object.entries(resourcesOfType(home.json, 'aws_cloudwatch_log_group'))
      .filter(([, group]) => group.name === '/guards/cloudtrail')
      .map(([id]) => id);
    expect(logGroupIds).toHaveLength(1);
    expect(cisFilters(home).map((filter) => filter.log_group_name)).toEqual(Array(15).fill(`\${aws_cloudwatch_log_group.${logGroupIds[0]}.name}`));
    expect(values(home.json, 'aws_cloudtrail')).toEqual([
      expect.objectContaining({ is_multi_region_trail: true, cloud_watch_logs_group_arn: `\${aws_cloudwatch_log_group.${logGroupIds[0]}.arn}:*` }),
    ]);
    const [topic] = values(home.json, 'aws_sns_topic');
    expect(topic.kms_master_key_id).toBeDefined();
    expect(values(home.json, 'aws_sns_topic_subscription').map((subscription) => [subscription.protocol, subscription.endpoint])).toEqual([
      ['email', 'secops@example.com'],
    ]);
    // The hub keeps its own 15 on the organization trail.
    expect(cisFilters(withMembers.find((stack) => stack.name === 'hub-us-east-1')!).map((filter) => filter.log_group_name)).toEqual(
      Array(15).fill('/organization/cloudtrail'),
    );
  });

  it('puts nothing in the other member regions', () => {
    for (const stack of withMembers.filter((candidate) => candidate.name.startsWith('production-') && candidate !== home)) {
      expect([stack.name, cisFilters(stack).length, values(stack.json, 'aws_cloudtrail').length]).toEqual([stack.name, 0, 0]);
    }
  });

  it('is off by default: a member holds no CIS filter, trail or topic', () => {
    const spoke = synthesize(undefined).find((stack) => stack.name === 'production-us-east-1')!;
    expect([cisFilters(spoke).length, values(spoke.json, 'aws_cloudtrail').length, values(spoke.json, 'aws_sns_topic').length]).toEqual([0, 0, 0]);
  });
});

describe('cisAlarms in a hub config', () => {
  const organization = () => parse(readFileSync(path.join(repoRoot, 'examples', 'organization.yaml'), 'utf8')) as Record<string, any>;

  it('asks for the organization trail, and refuses a trail of its own', () => {
    const config = organization();
    delete config.hub.organizationTrail;
    delete config.guards.signinAlert;
    config.guards.cisAlarms = { createTrail: true };
    expect(configProblems(config)).toEqual([
      'guards.cisAlarms.createTrail: hub mode reads the organization trail (hub.organizationTrail) instead of a trail per account',
      'guards.cisAlarms: in hub mode the CIS alarms read an organization trail: set hub.organizationTrail.logGroupName, or disable them',
    ]);
  });

  it('lets an account set memberAlarms for itself', () => {
    const config = organization();
    config.accounts[1].guards.cisAlarms = { memberAlarms: true };
    expect(configProblems(config)).toEqual([]);
  });
});
