/**
 * The heartbeats of hub mode in the synthesized Terraform of examples/organization.yaml: a
 * scheduled rule per member region to the hub bus of its region, and per hub region the table, the
 * watched accounts in the member directory, the rule routing beats to the heartbeat function and the
 * check schedule.
 */
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { memberGuardResourceNames, memberTamperPatternSet } from '../../modules/stacks/hub-tamper-patterns';
import { hubGuardDefinitions } from '../../modules/stacks/hub-plan';
import { loadGuardsConfig } from '../../modules/config/load-guards-config';
import { configProblems } from '../helpers/config-problems';
import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { SynthesizedStack, hubMemberDirectory, repoRoot, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import * as path from 'node:path';

const stacks = synthesizeConfigFile('examples/organization.yaml');
const stack = (name: string): SynthesizedStack => stacks.find((candidate) => candidate.name === name)!;
const spokes = stacks.filter((candidate) => !candidate.name.startsWith('hub-') && !candidate.name.startsWith('artifacts-'));
const rules = (json: SynthesizedStack['json']) => Object.values(resourcesOfType(json, 'aws_cloudwatch_event_rule'));
const targets = (json: SynthesizedStack['json']) => Object.values(resourcesOfType(json, 'aws_cloudwatch_event_target'));
const ruleNamed = (json: SynthesizedStack['json'], name: string) => rules(json).find((rule) => rule.name === name)!;
/** A target's rule: by the rule's name, or by the `${aws_cloudwatch_event_rule.<id>.name}` reference the stacks write. */
const targetOf = (json: SynthesizedStack['json'], ruleName: string) => {
  const [id] = Object.entries(resourcesOfType(json, 'aws_cloudwatch_event_rule')).find(([, rule]) => rule.name === ruleName)!;
  return targets(json).find((target) => target.rule === ruleName || target.rule === `\${aws_cloudwatch_event_rule.${id}.name}`)!;
};

/** A Scheduled Event as EventBridge writes it for a rule of `accountId` in `region`. */
const scheduledEvent = (accountId: string, region: string, ruleName: string) => ({
  version: '0',
  id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: accountId,
  time: '2026-12-01T10:00:00Z',
  region,
  resources: [`arn:aws:events:${region}:${accountId}:rule/${ruleName}`],
  detail: {},
});

describe('heartbeats (hub mode)', () => {
  it('gives every member region a scheduled rule to the hub bus of its own region, with the forwarder role (one bus hop)', () => {
    expect(spokes.length).toBeGreaterThan(10);
    for (const spoke of spokes) {
      const region = spoke.name.replace(/^[a-z-]+?-(?=[a-z]{2}-[a-z]+-\d$)/, '');
      const accountId = String((spoke.json.provider as any).aws[0].allowed_account_ids[0]);
      const rule = ruleNamed(spoke.json, 'guards-heartbeat');
      expect([spoke.name, rule.schedule_expression, rule.event_pattern]).toEqual([spoke.name, 'rate(60 minutes)', undefined]);
      const target = targetOf(spoke.json, 'guards-heartbeat');
      expect([spoke.name, target.arn, target.role_arn]).toEqual([
        spoke.name,
        `arn:aws:events:${region}:111111111111:event-bus/guards-hub`,
        `arn:aws:iam::${accountId}:role/guards-hub-forwarder-us-east-1`,
      ]);
    }
  });

  it("routes the beats on each hub bus to that region's heartbeat function, and nothing else: not region-lockdown's tick, not a custom event", () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'eu-south-2']) {
      const hub = stack(`hub-${region}`).json;
      const rule = ruleNamed(hub, 'guards-hub-heartbeats');
      expect(rule.event_bus_name).toMatch(/aws_cloudwatch_event_bus\.bus/);
      const pattern = JSON.parse(String(rule.event_pattern));
      expect(matchesEventPattern(pattern, scheduledEvent('222222222222', region, 'guards-heartbeat'))).toBe(true);
      expect(matchesEventPattern(pattern, scheduledEvent('222222222222', region, 'guards-region-lockdown-reconcile'))).toBe(false);
      expect(matchesEventPattern(pattern, { ...scheduledEvent('222222222222', region, 'guards-heartbeat'), source: 'guards.heartbeat' })).toBe(false);
      const target = targetOf(hub, 'guards-hub-heartbeats');
      expect(String(target.arn)).toMatch(/aws_lambda_function\.heartbeat_function/);
      // Kept and alarmed when undeliverable, like every hub rule target.
      expect(target.dead_letter_config).toBeDefined();
    }
  });

  it("checks on a schedule of the hub's default bus, with the settings in the function's environment", () => {
    const hub = stack('hub-eu-west-1').json;
    const check = ruleNamed(hub, 'guards-hub-heartbeat-check');
    expect(check.schedule_expression).toBe('rate(60 minutes)');
    expect(check.event_bus_name).toBeUndefined();
    const fn = Object.values(resourcesOfType(hub, 'aws_lambda_function')).find((candidate) => candidate.function_name === 'guards-heartbeat')!;
    expect((fn.environment as any).variables).toMatchObject({
      HEARTBEAT_TABLE_NAME: 'guards-heartbeats',
      MEMBER_HEARTBEAT_RULE_NAME: 'guards-heartbeat',
      HEARTBEAT_CHECK_RULE_NAME: 'guards-hub-heartbeat-check',
      HEARTBEAT_INTERVAL_MINUTES: '60',
      HEARTBEAT_MISSED_BEATS: '3',
      ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:guards-alerts',
    });
  });

  it("keeps the beats in a table encrypted with the hub key, with TTL, and lists each region's served accounts in its member directory", () => {
    const hub = stack('hub-eu-south-2').json;
    // Besides the failed-call table (hub-stacks.test.ts).
    const table = Object.values(resourcesOfType(hub, 'aws_dynamodb_table')).find((candidate) => candidate.name === 'guards-heartbeats')!;
    expect(table).toMatchObject({ name: 'guards-heartbeats', billing_mode: 'PAY_PER_REQUEST', ttl: { attribute_name: 'expiresAt', enabled: true } });
    expect(String((table.server_side_encryption as any).kms_key_arn)).toMatch(/aws_kms_key\.guards-key/);
    // No item in the table: a hub principal who can write it cannot take an account off the watch.
    expect(resourcesOfType(hub, 'aws_dynamodb_table_item')).toEqual({});
    const watched = (stackName: string, region: string) =>
      [...hubMemberDirectory(stack(stackName).json).directory.accounts]
        .filter(([, entry]) => (entry.lists.heartbeatRegions ?? []).includes(region))
        .map(([id, entry]) => `${id} ${entry.name}`);
    // eu-south-2 is listed by the hub account and data-platform only; the home region by every account.
    expect(watched('hub-eu-south-2', 'eu-south-2')).toEqual(['111111111111 security-tooling', '444444444444 data-platform']);
    expect(watched('hub-us-east-1', 'us-east-1')).toEqual([
      '111111111111 security-tooling',
      '222222222222 production',
      '333333333333 staging',
      '444444444444 data-platform',
    ]);
    // The function reads that directory, by its pinned version.
    const heartbeat = Object.values(resourcesOfType(hub, 'aws_lambda_function')).find((fn) => fn.function_name === 'guards-heartbeat')!;
    expect((heartbeat.environment as { variables: Record<string, string> }).variables).toMatchObject(hubMemberDirectory(hub).variables);
  });

  it("lets the heartbeat function's role use its own table only: the beat's write and the check's scan and marks", () => {
    const hub = stack('hub-eu-west-1').json;
    const policy = Object.values(resourcesOfType(hub, 'aws_iam_role_policy')).find((candidate) => candidate.name === 'guards-heartbeat-eu-west-1')!;
    const statements = JSON.parse(String(policy.policy)).Statement as Record<string, unknown>[];
    expect(statements.find((statement) => statement.Sid === 'HeartbeatTable')).toEqual({
      Sid: 'HeartbeatTable',
      Effect: 'Allow',
      Action: ['dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
      Resource: 'arn:aws:dynamodb:eu-west-1:111111111111:table/guards-heartbeats',
    });
  });

  it('alerts at once on a change to the heartbeat rule: the member tamper rules watch it by name', () => {
    const config = loadGuardsConfig(path.join(repoRoot, 'examples', 'organization.yaml'));
    const patterns = memberTamperPatternSet(memberGuardResourceNames(config, hubGuardDefinitions), false);
    const call = (eventName: string, requestParameters: Record<string, unknown>) =>
      eventBridgeEnvelope({ ...cloudTrailRecord('hub/disable-forwarding-rule.json'), eventName, requestParameters });
    const matched = (event: Record<string, unknown>) => patterns.some((pattern) => matchesEventPattern(pattern, event));
    expect(matched(call('DeleteRule', { name: 'guards-heartbeat' }))).toBe(true);
    expect(matched(call('DisableRule', { name: 'guards-heartbeat' }))).toBe(true);
    expect(matched(call('RemoveTargets', { rule: 'guards-heartbeat', ids: ['hub-bus'] }))).toBe(true);
    expect(matched(call('DeleteRule', { name: 'team-heartbeat' }))).toBe(false);
  });

  it('validates hub.heartbeat, naming the field', () => {
    const config = (heartbeat: Record<string, unknown>) => ({
      regions: ['us-east-1'],
      accounts: [{ id: '111111111111', name: 'security-tooling' }],
      hub: { account: 'security-tooling', organizationId: 'o-a1b2c3d4e5', heartbeat },
      guards: { sgChangeAlert: {} },
    });
    expect(configProblems(config({ intervalMinutes: 15, missedBeats: 4 }))).toEqual([]);
    expect(configProblems(config({ intervalMinutes: 1 }))).toEqual(['hub.heartbeat.intervalMinutes: must be at least 5 minutes']);
    expect(configProblems(config({ intervalMinutes: 7.5 }))).toEqual(['hub.heartbeat.intervalMinutes: must be a whole number of minutes']);
    expect(configProblems(config({ missedBeats: 1 }))).toEqual(['hub.heartbeat.missedBeats: must be at least 2: a single late beat is not silence']);
    expect(configProblems(config({ everyMinutes: 5 }))).toEqual(['hub.heartbeat.everyMinutes: unknown key (check its spelling in the reference)']);
  });
});
