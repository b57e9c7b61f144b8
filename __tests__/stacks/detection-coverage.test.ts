import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectionCatalogue } from '../../handlers/detections/contract';
import { memberForwardPattern } from '../../modules/detections/member-forwarding';
import { eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { cisCoverage, coverageTable, coverageTotals, coveredCount, fixtureNames, stratusCoverage } from '../helpers/detection-coverage';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { repoRoot, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { recordsOf } from '../handlers/detections/records';

/**
 * The coverage the project measures in both modes (docs/detection-coverage.md): the records of
 * every Stratus Red Team AWS technique and CIS control through the synthesized rules, the
 * detections decision and the trail's notifying filters. Standalone on examples/single-account.yaml
 * (targets of issue 20: Stratus >= 29/44 alerted, CIS 15/15 exact); hub mode on
 * examples/organization.yaml, member rule then hub bus rule, the CIS filters on the organization
 * trail in the hub (Stratus >= 33/44, CIS 15/15).
 */
const standaloneStacks = synthesizeConfigFile('examples/single-account.yaml');
const organizationStacks = synthesizeConfigFile('examples/organization.yaml');
const hubStacks = organizationStacks.filter((stack) => stack.name.startsWith('hub-'));
const standalone = { stratus: stratusCoverage(standaloneStacks), cis: cisCoverage(standaloneStacks) };
const hub = { stratus: stratusCoverage(organizationStacks, 'hub'), cis: cisCoverage(hubStacks) };
const coverageDoc = readFileSync(path.join(repoRoot, 'docs', 'detection-coverage.md'), 'utf8');

describe('detection coverage', () => {
  it('has a record file for each of the 44 Stratus Red Team AWS techniques and each of the 15 CIS controls', () => {
    expect(fixtureNames('stratus')).toHaveLength(44);
    expect(fixtureNames('cis')).toEqual(['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15']);
  });

  it('standalone: alerts on at least 29 of the 44 Stratus techniques', () => {
    console.log(coverageTable(standalone.stratus, hub.stratus));
    expect(coveredCount(standalone.stratus)).toBeGreaterThanOrEqual(29);
  });

  it('standalone: holds all 15 CIS monitoring controls exactly (documented pattern, notifying alarm, subscriber, its calls matched)', () => {
    expect(standalone.cis.filter((row) => !row.exact)).toEqual([]);
  });

  it('hub mode: alerts on at least 33 of the 44 Stratus techniques through the member and hub rules', () => {
    expect(coveredCount(hub.stratus)).toBeGreaterThanOrEqual(33);
  });

  it("hub mode: holds all 15 CIS controls exactly, on the organization trail's log group in the home region", () => {
    expect(hub.cis.filter((row) => !row.exact)).toEqual([]);
    const filters = hubStacks.flatMap((stack) =>
      Object.values(resourcesOfType(stack.json, 'aws_cloudwatch_log_metric_filter'))
        .filter((filter) => String(filter.name).startsWith('guards-cis-'))
        .map((filter) => [stack.name, filter.log_group_name]),
    );
    expect(filters).toEqual(Array(15).fill(['hub-us-east-1', '/organization/cloudtrail']));
  });

  it('is the table docs/detection-coverage.md shows, with the totals of both modes', () => {
    expect(coverageDoc).toContain(coverageTable(standalone.stratus, hub.stratus));
    expect(coverageDoc).toContain(`\`${coverageTotals('standalone', standalone.stratus, standalone.cis)}\``);
    expect(coverageDoc).toContain(`\`${coverageTotals('hub', hub.stratus, hub.cis)}\``);
  });
});

describe('hub path of each detection (examples/organization.yaml)', () => {
  const rulesOf = (stackName: string) =>
    Object.values(resourcesOfType(organizationStacks.find((stack) => stack.name === stackName)!.json, 'aws_cloudwatch_event_rule'))
      .filter((rule) => typeof rule.event_pattern === 'string')
      .map((rule) => ({ name: String(rule.name), eventPattern: String(rule.event_pattern) }));
  const memberRule = rulesOf('production-us-east-1').find((rule) => rule.name === 'guards-detections-forward')!;
  const hubRules = rulesOf('hub-us-east-1').filter((rule) => /^guards-detections-members-\d+$/.test(rule.name));

  it("forwards each member region's detections on one rule of its own, the synthesized pattern being the one of its detections", () => {
    expect(JSON.parse(memberRule.eventPattern)).toEqual(memberForwardPattern(detectionCatalogue));
    expect(memberRule.eventPattern.length).toBeLessThanOrEqual(2048);
    const euRule = rulesOf('production-eu-west-1').find((rule) => rule.name === 'guards-detections-forward')!;
    // No global detection outside the home region: IAM's calls are delivered in us-east-1 only.
    expect(JSON.parse(euRule.eventPattern)).toEqual(memberForwardPattern(detectionCatalogue.filter((detection) => detection.scope === 'regional')));
  });

  describe.each(detectionCatalogue.map((detection) => [detection.id, detection] as const))('%s', (_id, detection) => {
    it('its records pass the member rule and then a hub bus rule', () => {
      const records = recordsOf(detection);
      expect(records.length).toBeGreaterThan(0);
      for (const { file, record } of records) {
        const envelope = eventBridgeEnvelope({ ...record, awsRegion: 'us-east-1' });
        expect([file, matchesEventPattern(memberRule.eventPattern, envelope)]).toEqual([file, true]);
        expect([file, hubRules.some((rule) => matchesEventPattern(rule.eventPattern, envelope))]).toEqual([file, true]);
      }
    });
  });
});
