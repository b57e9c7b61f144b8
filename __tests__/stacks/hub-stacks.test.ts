import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { instanceQuarantineStatements, instanceReleaseStatements } from '../../modules/instance-quarantine/permissions';
import { cloudTrailRecord, eventBridgeEnvelope } from '../helpers/cloudtrail-envelopes';
import { matchesEventPattern } from '../../scripts/replay/event-pattern-matcher';
import { projectFixture } from '../helpers/fixtures';
import { SynthesizedStack, hubMemberDirectory, repoRoot, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';
import { configProblems } from '../helpers/config-problems';
import { parse as parseYaml } from 'yaml';

const hubAccount = '111111111111';
const members = ['111111111111', '222222222222', '333333333333', '444444444444'];
const hubRegions = ['ap-southeast-2', 'eu-south-2', 'eu-west-1', 'us-east-1'];

let stacks: SynthesizedStack[];
const stack = (name: string) => stacks.find((candidate) => candidate.name === name)!;
const hubStacks = () => stacks.filter((candidate) => candidate.name.startsWith('hub-'));
const spokeStacks = () => stacks.filter((candidate) => !candidate.name.startsWith('hub-') && !candidate.name.startsWith('artifacts-'));
const values = (json: SynthesizedStack['json'], type: string) => Object.values(resourcesOfType(json, type));
const policyOf = (text: unknown) => JSON.parse(String(text)) as { Statement: Record<string, any>[] };

/** The pattern of the one forwarding rule of a spoke. */
function forwardingPattern(name: string): Record<string, unknown> {
  const rules = values(stack(name).json, 'aws_cloudwatch_event_rule').filter((rule) => rule.name === 'guards-forward-to-hub');
  expect(rules).toHaveLength(1);
  return JSON.parse(String(rules[0].event_pattern));
}

/** The pattern of a hub rule by name. */
function hubRulePattern(stackName: string, ruleName: string): Record<string, unknown> {
  const rule = values(stack(stackName).json, 'aws_cloudwatch_event_rule').find((candidate) => candidate.name === ruleName);
  if (!rule) throw new Error(`${stackName} has no rule ${ruleName}`);
  return JSON.parse(String(rule.event_pattern));
}

beforeAll(() => {
  stacks = synthesizeConfigFile('examples/organization.yaml');
});

describe('examples/organization.yaml (hub mode): placement', () => {
  it('makes a hub stack per member region, a spoke per (member, region), and artifacts for the hub regions only', () => {
    expect(
      hubStacks()
        .map((hub) => hub.name)
        .sort(),
    ).toEqual(hubRegions.map((region) => `hub-${region}`));
    expect(spokeStacks()).toHaveLength(14);
    expect(
      stacks
        .filter((candidate) => candidate.name.startsWith('artifacts-'))
        .map((artifacts) => artifacts.name)
        .sort(),
    ).toEqual(hubRegions.map((region) => `artifacts-${region}`));
    for (const hub of hubStacks()) expect(hub.json.provider.aws[0]).toMatchObject({ allowed_account_ids: [hubAccount] });
  });

  it("puts no function, key, topic, subscription or queue in a spoke; a forwarding, a detections, a heartbeat and two tamper rules (plus region-lockdown's two in the home region), all to the hub bus", () => {
    for (const spoke of spokeStacks()) {
      for (const type of ['aws_lambda_function', 'aws_kms_key', 'aws_sns_topic', 'aws_sns_topic_subscription', 'aws_sqs_queue', 'aws_cloudwatch_log_group']) {
        expect([spoke.name, type, values(spoke.json, type).length]).toEqual([spoke.name, type, 0]);
      }
      const region = spoke.name.split('-').slice(-3).join('-');
      // The home region also holds region-lockdown's own forwarding rule and reconcile schedule, both to the hub bus.
      const isHome = region === 'us-east-1';
      expect(
        values(spoke.json, 'aws_cloudwatch_event_rule')
          .map((rule) => rule.name)
          .sort(),
      ).toEqual(
        isHome
          ? [
              'guards-detections-forward',
              'guards-forward-to-hub',
              'guards-heartbeat',
              'guards-region-lockdown-forward',
              'guards-region-lockdown-reconcile',
              'guards-tamper-to-hub',
              'guards-tamper-to-hub-2',
            ]
          : ['guards-detections-forward', 'guards-forward-to-hub', 'guards-heartbeat', 'guards-tamper-to-hub', 'guards-tamper-to-hub-2'],
      );
      expect(values(spoke.json, 'aws_cloudwatch_event_target')).toEqual(
        Array(isHome ? 7 : 5).fill(
          expect.objectContaining({
            arn: `arn:aws:events:${region}:${hubAccount}:event-bus/guards-hub`,
            role_arn: expect.stringMatching(/^arn:aws:iam::\d{12}:role\/guards-hub-forwarder-us-east-1$/),
          }),
        ),
      );
    }
  });

  it('runs regional guards in every hub region and account-wide ones in the home region, each role named for its region', () => {
    for (const hub of hubStacks()) {
      const region = hub.name.slice('hub-'.length);
      const functions = values(hub.json, 'aws_lambda_function')
        .map((fn) => fn.function_name)
        .sort();
      expect(functions).toEqual(
        region === 'us-east-1'
          ? [
              'guards-detections',
              'guards-exposed-ports-rule',
              'guards-heartbeat',
              'guards-hub-tamper-alert',
              'guards-iam-change-alert',
              'guards-inactive-user-rule',
              'guards-instance-quarantine',
              'guards-instance-quarantine-release',
              'guards-region-lockdown',
              'guards-sg-change-alert',
              'guards-signin-alert',
            ]
          : [
              'guards-detections',
              'guards-exposed-ports-rule',
              'guards-heartbeat',
              'guards-hub-alarm-relay',
              'guards-hub-tamper-alert',
              'guards-instance-quarantine',
              'guards-instance-quarantine-release',
              'guards-sg-change-alert',
            ],
      );
      const roleNames = values(hub.json, 'aws_iam_role').map((role) => String(role.name));
      expect(roleNames).toContain(`guards-instance-quarantine-${region}`);
      expect(roleNames).toContain(`guards-sg-change-alert-${region}`);
    }
  });

  it('reserves concurrency for the hub quarantine function of every region (the default 10), and for no other', () => {
    for (const hub of hubStacks()) {
      const reserved = values(hub.json, 'aws_lambda_function')
        .filter((fn) => fn.reserved_concurrent_executions !== undefined)
        .map((fn) => [fn.function_name, fn.reserved_concurrent_executions]);
      expect(reserved).toEqual([['guards-instance-quarantine', 10]]);
    }
  });

  it('carries every e-mail address once for the whole organization, on the home topic', () => {
    const subscriptions = stacks.flatMap((candidate) =>
      values(candidate.json, 'aws_sns_topic_subscription').map((subscription) => [candidate.name, subscription.endpoint]),
    );
    expect(subscriptions).toEqual([
      ['hub-us-east-1', 'secops@example.com'],
      ['hub-us-east-1', 'secops-oncall@example.com'],
    ]);
    expect(stacks.flatMap((candidate) => values(candidate.json, 'aws_sns_topic')).map((topic) => topic.name)).toEqual(['guards-alerts', 'guards-page-alerts']);
  });

  it('pages the second channel when the alert topic fails a delivery or delivers an alert to fewer subscribers than it has', () => {
    const home = stack('hub-us-east-1').json;
    const alarms = values(home, 'aws_cloudwatch_metric_alarm').filter((alarm) => String(alarm.alarm_name).startsWith('guards-alerts-'));
    const byName = Object.fromEntries(alarms.map((alarm) => [alarm.alarm_name, alarm]));
    expect(Object.keys(byName).sort()).toEqual(['guards-alerts-notifications-failed', 'guards-alerts-subscribers-lost']);
    for (const alarm of alarms) expect(String((alarm.alarm_actions as string[])[0])).toMatch(/^\$\{aws_sns_topic\.page-channel_topic_[0-9A-F]+\.arn\}$/);
    expect(byName['guards-alerts-notifications-failed']).toMatchObject({
      namespace: 'AWS/SNS',
      metric_name: 'NumberOfNotificationsFailed',
      dimensions: { TopicName: 'guards-alerts' },
      threshold: 1,
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
    // One e-mail subscription: fewer than one delivery per published alert in an hour is a lost subscriber.
    const lost = byName['guards-alerts-subscribers-lost'];
    expect(lost).toMatchObject({ threshold: 1, comparison_operator: 'LessThanThreshold', treat_missing_data: 'notBreaching' });
    const queries = lost.metric_query as { id: string; expression?: string; metric?: { metric_name: string; dimensions: Record<string, string> } }[];
    expect(queries.map((query) => query.metric?.metric_name ?? query.expression)).toEqual([
      'NumberOfMessagesPublished',
      'NumberOfNotificationsDelivered',
      'IF(published > 0, FILL(delivered, 0) / published)',
    ]);
    // The page topic lets exactly these alarms publish.
    const pagePolicy = values(home, 'aws_sns_topic_policy')
      .map((policy) => String(policy.policy))
      .find((text) => text.includes('guards-page-alerts'))!;
    expect(pagePolicy).toContain('alarm:guards-alerts-notifications-failed');
    expect(pagePolicy).toContain('alarm:guards-alerts-subscribers-lost');
  });

  it("accepts PutEvents on a hub bus only from the organization's forwarder roles", () => {
    const [policy] = values(stack('hub-eu-west-1').json, 'aws_cloudwatch_event_bus_policy');
    expect(policyOf(policy.policy).Statement).toEqual([
      {
        Sid: 'OrganizationForwarderRolesOnly',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Resource: `arn:aws:events:eu-west-1:${hubAccount}:event-bus/guards-hub`,
        Condition: {
          StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
          ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/guards-hub-forwarder-us-east-1' },
        },
      },
    ]);
  });

  it("gives each member one remediation role, in its home region, trusted by the guard's hub roles only, with the guard's effect permissions", () => {
    // IAM is global: the roles and the deny policy live in each member's home-region stack only.
    const [homeSpokes, otherSpokes] = [
      spokeStacks().filter((spoke) => spoke.name.endsWith('-us-east-1')),
      spokeStacks().filter((spoke) => !spoke.name.endsWith('-us-east-1')),
    ];
    expect(homeSpokes).toHaveLength(members.length);
    expect(otherSpokes.flatMap((spoke) => [...values(spoke.json, 'aws_iam_role'), ...values(spoke.json, 'aws_iam_policy')])).toEqual([]);
    for (const spoke of homeSpokes) {
      const roles = values(spoke.json, 'aws_iam_role');
      const accountId = String(spoke.json.provider.aws[0].allowed_account_ids && (spoke.json.provider.aws[0].allowed_account_ids as string[])[0]);
      const remediation = roles.find((role) => role.name === 'guards-instance-quarantine-remediation-us-east-1')!;
      const hubRoleArns = hubRegions.map((region) => `arn:aws:iam::${hubAccount}:role/guards-instance-quarantine-${region}`);
      expect(policyOf(remediation.assume_role_policy).Statement).toEqual([
        {
          Sid: 'OnlyTheHubFunctionOfThisGuard',
          Effect: 'Allow',
          Principal: { AWS: hubRoleArns },
          Action: 'sts:AssumeRole',
          Condition: { ArnEquals: { 'aws:PrincipalArn': hubRoleArns }, StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' } },
        },
      ]);
      // The member's own copy of the Terraform-managed deny: the only policy the roles may attach or detach.
      // (region-lockdown's own deny beside it: __tests__/stacks/hub-region-lockdown.test.ts)
      const revocation = values(spoke.json, 'aws_iam_policy');
      expect(revocation.map((policy) => policy.name).sort()).toEqual([
        'guards-quarantine-revoke-instance-sessions-us-east-1',
        'guards-region-lockdown-us-east-1',
      ]);
      const revocationArn = `arn:aws:iam::${accountId}:policy/guards-quarantine-revoke-instance-sessions-us-east-1`;
      const scope = {
        environment: { accountId, region: '*' },
        namePrefix: 'guards',
        alertTopicArn: 'hub-only',
        stateTableArn: 'hub-only',
        revocationPolicyArn: revocationArn,
        alarmNamePrefix: 'guards-quarantine-',
        // Refused in hub mode (IAM cannot limit CreateNetworkAclEntry to deny entries).
        networkAclDeny: false,
        assumedByHub: true,
      };
      // State, logs and the alert topic are the hub's: no member role holds those calls.
      const hubOnly = (action: string) => /^(sns|dynamodb|logs):/.test(action);
      const rolePolicy = (name: string) => policyOf(values(spoke.json, 'aws_iam_role_policy').find((candidate) => candidate.name === name)!.policy).Statement;
      for (const [roleName, expected] of [
        ['guards-instance-quarantine-remediation-us-east-1', instanceQuarantineStatements(scope)],
        ['guards-instance-quarantine-release-remediation-us-east-1', instanceReleaseStatements(scope)],
      ] as const) {
        const statements = rolePolicy(roleName);
        const granted = statements.flatMap((statement) => [statement.Action].flat());
        expect(new Set(granted)).toEqual(new Set(expected.flatMap((statement) => statement.actions).filter((action) => !hubOnly(action))));
        // Attach/Detach are fenced on the member's own deny policy, and protected roles are denied.
        const iamWrite = statements.find((statement) => [statement.Action].flat().some((action: string) => /^iam:(Attach|Detach)RolePolicy$/.test(action)))!;
        expect(iamWrite.Condition).toEqual({ ArnEquals: { 'iam:PolicyARN': revocationArn } });
        const deny = statements.find((statement) => statement.Effect === 'Deny')!;
        expect(deny.Resource).toEqual(
          expect.arrayContaining([`arn:aws:iam::${accountId}:role/guards-*`, `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`]),
        );
      }
      // Each role trusts only the hub function that needs it.
      const release = roles.find((role) => role.name === 'guards-instance-quarantine-release-remediation-us-east-1')!;
      const releaseHubRoleArns = hubRegions.map((region) => `arn:aws:iam::${hubAccount}:role/guards-instance-quarantine-release-${region}`);
      expect(policyOf(release.assume_role_policy).Statement[0].Condition).toEqual({
        ArnEquals: { 'aws:PrincipalArn': releaseHubRoleArns },
        StringEquals: { 'aws:PrincipalOrgID': 'o-a1b2c3d4e5' },
      });
    }
  });

  it('gives each hub region of the quarantine a state table writable only by its quarantine and release roles (approvals by the approvers only), and a release function', () => {
    for (const hub of hubStacks()) {
      const region = hub.name.slice('hub-'.length);
      // Besides the heartbeat table (hub-heartbeat.test.ts) and the failed-call table (below).
      const tables = values(hub.json, 'aws_dynamodb_table').filter((table) => !['guards-heartbeats', 'guards-failed-calls'].includes(String(table.name)));
      expect(tables.map((table) => table.name)).toEqual(['guards-quarantine-state']);
      const resourcePolicy = policyOf(values(hub.json, 'aws_dynamodb_resource_policy')[0].policy).Statement;
      const approver = `arn:aws:iam::${hubAccount}:role/security-incident-responder`;
      const bySid = Object.fromEntries(resourcePolicy.map((statement) => [statement.Sid, statement]));
      expect(new Set(bySid.OnlyTheGuardWritesItsState.Condition.ArnNotEquals['aws:PrincipalArn'])).toEqual(
        new Set([
          `arn:aws:iam::${hubAccount}:role/guards-instance-quarantine-${region}`,
          `arn:aws:iam::${hubAccount}:role/guards-instance-quarantine-release-${region}`,
          approver,
        ]),
      );
      // Approvals: written by the hub's configured approvers only; the table's policy changed by the hub's deployer only.
      expect(bySid.OnlyApproversWriteApprovals.Condition).toEqual({
        'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['release-approval#*'] },
        ArnNotEquals: { 'aws:PrincipalArn': [approver] },
      });
      expect(bySid.ApproversWriteOnlyApprovals.Condition.ArnEquals).toEqual({ 'aws:PrincipalArn': [approver] });
      expect(bySid.OnlyTheDeployerChangesTheTableOrItsPolicy.Condition).toEqual({
        ArnNotEquals: { 'aws:PrincipalArn': `arn:aws:iam::${hubAccount}:role/guards-deployer` },
      });
      const release = values(hub.json, 'aws_lambda_function').find((fn) => fn.function_name === 'guards-instance-quarantine-release')!;
      expect((release.environment as { variables: Record<string, string> }).variables).toMatchObject({
        RELEASE_APPROVERS: approver,
        RELEASE_APPROVAL_MAX_AGE_MINUTES: '60',
      });
      const functions = values(hub.json, 'aws_lambda_function').map((fn) => fn.function_name);
      expect(functions).toEqual(expect.arrayContaining(['guards-instance-quarantine', 'guards-instance-quarantine-release']));
      const releasePolicy = values(hub.json, 'aws_iam_role_policy').find((candidate) => candidate.name === `guards-instance-quarantine-release-${region}`)!;
      const assume = policyOf(releasePolicy.policy).Statement.find((statement) => statement.Action === 'sts:AssumeRole')!;
      expect(assume.Resource).toEqual(members.map((member) => `arn:aws:iam::${member}:role/guards-instance-quarantine-release-remediation-us-east-1`));
    }
  });

  it("lets each hub quarantine role assume only the members' remediation roles", () => {
    for (const hub of hubStacks()) {
      const region = hub.name.slice('hub-'.length);
      const policy = values(hub.json, 'aws_iam_role_policy').find((candidate) => candidate.name === `guards-instance-quarantine-${region}`)!;
      const assume = policyOf(policy.policy).Statement.filter((statement) => [statement.Action].flat().some((action: string) => action.startsWith('sts:')));
      expect(assume).toEqual([
        {
          Sid: 'AssumeMemberRemediationRoles',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: members.map((id) => `arn:aws:iam::${id}:role/guards-instance-quarantine-remediation-us-east-1`),
          Condition: { StringEquals: { 'aws:ResourceOrgID': 'o-a1b2c3d4e5' } },
        },
      ]);
    }
  });

  it('deploys hub stacks before the spokes that name their buses and roles', () => {
    const outdir = path.dirname(path.dirname(stack('hub-us-east-1').directory));
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    expect(manifest.stacks['hub-eu-west-1'].dependencies).toEqual(['artifacts-eu-west-1']);
    expect(manifest.stacks['production-us-east-1'].dependencies).toEqual(hubRegions.map((region) => `hub-${region}`));
    expect(manifest.stacks['production-eu-west-1'].dependencies).toEqual(['hub-eu-west-1', 'production-us-east-1']);
  });
});

describe('examples/organization.yaml (hub mode): forwarding and routing against real events', () => {
  const forwardedAlarm = projectFixture<Record<string, any>>('instance-quarantine/alarm-state-change-forwarded.json');
  // The alarm of production's configured instance (examples/organization.yaml, alarmInstances).
  const alarm = { ...forwardedAlarm, detail: { ...forwardedAlarm.detail, alarmName: 'guards-quarantine-i-0123456789abcdef0' } };
  const finding = projectFixture<Record<string, any>>('instance-quarantine/guardduty-ssh-brute-force.json');
  const sgChange = eventBridgeEnvelope(cloudTrailRecord('authorize-sg-ingress-console.json'));
  const sgCreate = eventBridgeEnvelope(cloudTrailRecord('create-security-group-terraform.json'));
  const iamChange = eventBridgeEnvelope(cloudTrailRecord('createuser-assumedrole.json'));
  const signIn = eventBridgeEnvelope(cloudTrailRecord('consolelogin-iam-user-success-mfa.json'));

  it('forwards the guards events from every member region, and IAM changes from the home region only', () => {
    for (const name of ['production-eu-west-1', 'production-us-east-1']) {
      const pattern = forwardingPattern(name);
      expect([
        name,
        matchesEventPattern(pattern, alarm),
        matchesEventPattern(pattern, finding),
        matchesEventPattern(pattern, sgChange),
        matchesEventPattern(pattern, sgCreate),
      ]).toEqual([name, true, true, true, true]);
    }
    expect(matchesEventPattern(forwardingPattern('production-us-east-1'), iamChange)).toBe(true);
    expect(matchesEventPattern(forwardingPattern('production-eu-west-1'), iamChange)).toBe(false);
  });

  it("forwards only the member's configured alarms by exact name: an alarm named with the guards' prefix for another instance stays in the member", () => {
    const forged = { ...alarm, detail: { ...alarm.detail, alarmName: 'guards-quarantine-i-0fedcba9876543210' } };
    expect(matchesEventPattern(forwardingPattern('production-eu-west-1'), alarm)).toBe(true);
    expect(matchesEventPattern(forwardingPattern('production-eu-west-1'), forged)).toBe(false);
    // staging configures no alarmed instance: its rule forwards no alarm at all, production's included.
    expect(matchesEventPattern(forwardingPattern('staging-eu-west-1'), { ...alarm, account: '333333333333' })).toBe(false);
    // The hub routes exactly the configured alarms of every member too.
    const quarantine = hubRulePattern('hub-eu-west-1', 'guards-instance-quarantine-members');
    expect([alarm, forged].map((event) => matchesEventPattern(quarantine, event))).toEqual([true, false]);
  });

  it("forwards and routes GuardDuty's stolen-instance-credential findings (resource type AccessKey)", () => {
    const exfiltration = projectFixture<Record<string, any>>('instance-quarantine/guardduty-instance-credential-exfiltration-outside-aws.json');
    expect(exfiltration.detail.resource.resourceType).toBe('AccessKey');
    expect(matchesEventPattern(forwardingPattern('production-eu-west-1'), exfiltration)).toBe(true);
    expect(matchesEventPattern(hubRulePattern('hub-eu-west-1', 'guards-instance-quarantine-members'), exfiltration)).toBe(true);
  });

  it('forwards nothing else: sign-ins (the organization trail has them), other alarms, alarms back to OK, low findings', () => {
    const pattern = forwardingPattern('production-us-east-1');
    expect(matchesEventPattern(pattern, signIn)).toBe(false);
    expect(matchesEventPattern(pattern, { ...alarm, detail: { ...alarm.detail, alarmName: 'web-cpu-high' } })).toBe(false);
    expect(matchesEventPattern(pattern, { ...alarm, detail: { ...alarm.detail, state: { ...alarm.detail.state, value: 'OK' } } })).toBe(false);
    expect(matchesEventPattern(pattern, { ...finding, detail: { ...finding.detail, severity: 5 } })).toBe(false);
  });

  it("routes each forwarded event on the hub bus to its own guard's function only", () => {
    const quarantine = hubRulePattern('hub-eu-west-1', 'guards-instance-quarantine-members');
    const sg = hubRulePattern('hub-eu-west-1', 'guards-sg-change-alert-members');
    const iam = hubRulePattern('hub-us-east-1', 'guards-iam-change-alert-members');
    expect([alarm, finding, sgChange, iamChange].map((event) => matchesEventPattern(quarantine, event))).toEqual([true, true, false, false]);
    expect([alarm, finding, sgChange, sgCreate, iamChange].map((event) => matchesEventPattern(sg, event))).toEqual([false, false, true, true, false]);
    expect([alarm, sgChange, iamChange].map((event) => matchesEventPattern(iam, event))).toEqual([false, false, true]);
  });

  it("alerts another region's hub alarms through a relay function of that region, with no hop to the home default bus", () => {
    const relayRule = hubRulePattern('hub-eu-west-1', 'guards-hub-alarms');
    const hubAlarm = { ...alarm, account: hubAccount, detail: { ...alarm.detail, alarmName: 'guards-instance-quarantine-errors' } };
    expect(matchesEventPattern(relayRule, hubAlarm)).toBe(true);
    expect(matchesEventPattern(relayRule, { ...hubAlarm, detail: { ...hubAlarm.detail, alarmName: 'guards-hub-alarm-relay-errors' } })).toBe(true);
    // An alarm of the hub not named as a guard's is not relayed (the hub's SCP keeps `guards-` alarms the guards').
    expect(matchesEventPattern(relayRule, { ...hubAlarm, detail: { ...hubAlarm.detail, alarmName: 'web-cpu-high' } })).toBe(false);
    expect(matchesEventPattern(relayRule, { ...hubAlarm, detail: { ...hubAlarm.detail, state: { ...hubAlarm.detail.state, value: 'OK' } } })).toBe(false);
    // A member's forwarded alarm, or another account's alarm of the same name, is not the hub's.
    expect(matchesEventPattern(relayRule, alarm)).toBe(false);
    expect(matchesEventPattern(relayRule, { ...hubAlarm, account: '222222222222' })).toBe(false);
    const relay = values(stack('hub-eu-west-1').json, 'aws_lambda_function').find((fn) => fn.function_name === 'guards-hub-alarm-relay')!;
    expect((relay.environment as { variables: Record<string, string> }).variables).toMatchObject({
      ALERT_TOPIC_ARN: `arn:aws:sns:us-east-1:${hubAccount}:guards-alerts`,
      POWERTOOLS_SERVICE_NAME: 'hub-alarm-relay',
    });
    const relayTargets = values(stack('hub-eu-west-1').json, 'aws_cloudwatch_event_target').filter((target) => target.target_id === 'hub-alarm-relay');
    expect(relayTargets).toHaveLength(1);
    expect(String(relayTargets[0].arn)).toMatch(/^\$\{aws_lambda_function\.alarm-relay_/);
    expect(relayTargets[0].role_arn).toBeUndefined();
    // Its zip is published by the region's artifacts stack, whose object version the function pins.
    const artifactKeys = values(stack('artifacts-eu-west-1').json, 'aws_s3_object').map((object) => String(object.key));
    expect(artifactKeys.some((key) => key.startsWith('handlers/hub-alarm-relay/'))).toBe(true);
    expect(String(relay.s3_object_version)).toContain('["hub-alarm-relay"]');
    // The home region's alarms notify its topic; it has neither a relay nor a rule for other regions' alarms.
    const homeRules = values(stack('hub-us-east-1').json, 'aws_cloudwatch_event_rule').map((rule) => rule.name);
    expect(homeRules).not.toContain('guards-hub-alarms');
    expect(homeRules).not.toContain('guards-hub-regional-alarms');
    expect(values(stack('hub-us-east-1').json, 'aws_lambda_function').map((fn) => fn.function_name)).not.toContain('guards-hub-alarm-relay');
  });
});

describe('examples/organization.yaml (hub mode): undelivered events', () => {
  // Every hub rule target is watched: the guards' routes, the detections' rules, the tamper and alarm paths.
  const watchedTargets = (json: SynthesizedStack['json']) => values(json, 'aws_cloudwatch_event_target');
  const ruleOf = (json: SynthesizedStack['json'], target: Record<string, any>) =>
    Object.entries(resourcesOfType(json, 'aws_cloudwatch_event_rule')).find(([id]) => String(target.rule) === `\${aws_cloudwatch_event_rule.${id}.name}`)![1];

  it.each(hubRegions)("gives every hub rule target of %s the region's encrypted dead-letter queue, which only those rules may send to", (region) => {
    const { json } = stack(`hub-${region}`);
    const [queue] = values(json, 'aws_sqs_queue').filter((candidate) => candidate.name === 'guards-hub-rule-failures');
    expect(queue.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    const targets = watchedTargets(json);
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets)
      expect(String((target.dead_letter_config as { arn: string }).arn)).toMatch(/^\$\{aws_sqs_queue\.rule-delivery_queue_[0-9A-F]+\.arn\}$/);
    const ruleArns = targets
      .map((target) => ruleOf(json, target))
      .map((rule) => `arn:aws:events:${region}:${hubAccount}:rule/${rule.event_bus_name ? 'guards-hub/' : ''}${rule.name}`)
      .sort();
    const queuePolicy = values(json, 'aws_sqs_queue_policy')
      .map((policy) => policyOf(policy.policy))
      .find((policy) => policy.Statement.some((statement) => statement.Sid === 'WatchedRulesSendUndeliveredEvents'))!;
    const send = queuePolicy.Statement.find((statement) => statement.Sid === 'WatchedRulesSendUndeliveredEvents')!;
    expect(send).toMatchObject({ Principal: { Service: 'events.amazonaws.com' }, Action: 'sqs:SendMessage' });
    expect([send.Condition.ArnEquals['aws:SourceArn']].flat().sort()).toEqual(ruleArns);
    const [key] = values(json, 'aws_kms_key');
    const grant = policyOf(key.policy).Statement.find((statement) => statement.Sid === 'EventBridgeWritesDeadLetterQueue')!;
    expect(grant.Condition.StringEquals).toEqual({
      'aws:SourceAccount': hubAccount,
      'kms:EncryptionContext:aws:sqs:arn': `arn:aws:sqs:${region}:${hubAccount}:guards-hub-rule-failures`,
    });
  });

  // A hub alarm's state change, as CloudWatch sends it to the default bus.
  const hubAlarmEvent = (() => {
    const alarm = projectFixture<Record<string, any>>('instance-quarantine/alarm-state-change-forwarded.json');
    return { ...alarm, account: hubAccount, detail: { ...alarm.detail, state: { ...alarm.detail.state, value: 'ALARM' } } };
  })();

  it.each(hubRegions)("alarms on each watched rule's FailedInvocations in %s, and on the queue, to the alert path", (region) => {
    const { json } = stack(`hub-${region}`);
    const alarms = values(json, 'aws_cloudwatch_metric_alarm');
    for (const target of watchedTargets(json)) {
      const rule = ruleOf(json, target);
      const alarm = alarms.find((candidate) => candidate.alarm_name === `${rule.name}-failed-invocations`)!;
      expect(alarm).toMatchObject({
        namespace: 'AWS/Events',
        metric_name: 'FailedInvocations',
        dimensions: { ...(rule.event_bus_name ? { EventBusName: 'guards-hub' } : {}), RuleName: rule.name },
        threshold: 1,
      });
      // The home region's alarms notify the topic; another region's reach it through its relay rule.
      const routed =
        region === 'us-east-1'
          ? /^\$\{aws_sns_topic\.alert-topic_[0-9A-F]+\.arn\}$/.test(String((alarm.alarm_actions as string[])[0]))
          : matchesEventPattern(hubRulePattern(`hub-${region}`, 'guards-hub-alarms'), {
              ...hubAlarmEvent,
              detail: { ...hubAlarmEvent.detail, alarmName: String(alarm.alarm_name) },
            });
      expect([alarm.alarm_name, routed]).toEqual([alarm.alarm_name, true]);
    }
    const queueAlarm = alarms.find((candidate) => candidate.alarm_name === 'guards-hub-rule-failures-messages')!;
    expect(queueAlarm).toMatchObject({
      namespace: 'AWS/SQS',
      metric_name: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: 'guards-hub-rule-failures' },
    });
  });
});

describe('hub mode with GuardDuty managed by the hub as delegated administrator', () => {
  const finding = projectFixture<Record<string, any>>('instance-quarantine/guardduty-ssh-brute-force.json');

  function synthesized(): Record<string, SynthesizedStack['json']> {
    const config = parseGuardsConfig(
      {
        regions: ['us-east-1'],
        accounts: [
          { id: '111111111111', name: 'security' },
          { id: '222222222222', name: 'workload' },
        ],
        hub: { account: 'security', organizationId: 'o-a1b2c3d4e5', guardDuty: 'delegated-admin' },
        guards: { instanceQuarantine: { fleetTrigger: false } },
      },
      'delegated.yaml',
    );
    const outdir = mkdtempSync(path.join(tmpdir(), 'guards-delegated-'));
    return Object.fromEntries(
      synthesizeGuards(config, { outdir }).map((summary) => [
        summary.name,
        JSON.parse(readFileSync(path.join(outdir, 'stacks', summary.name, 'cdk.tf.json'), 'utf8')),
      ]),
    );
  }

  it("matches members' findings on the hub's own default bus, and no member forwards them", () => {
    const stacksByName = synthesized();
    // No rule of the member matches a finding (the heartbeat rule has a schedule, no pattern).
    const spokePatterns = values(stacksByName['workload-us-east-1'], 'aws_cloudwatch_event_rule')
      .filter((rule) => rule.event_pattern !== undefined)
      .map((rule) => JSON.parse(String(rule.event_pattern)));
    expect(spokePatterns.length).toBeGreaterThan(0);
    for (const spokePattern of spokePatterns) expect(matchesEventPattern(spokePattern, finding)).toBe(false);
    const hubRules = values(stacksByName['hub-us-east-1'], 'aws_cloudwatch_event_rule');
    const organizationRule = hubRules.find((rule) => rule.name === 'guards-instance-quarantine-organization')!;
    expect(organizationRule.event_bus_name).toBeUndefined();
    expect(matchesEventPattern(JSON.parse(String(organizationRule.event_pattern)), finding)).toBe(true);
    const permissions = values(stacksByName['hub-us-east-1'], 'aws_lambda_permission').map((permission) => permission.source_arn);
    expect(permissions).toContain('arn:aws:events:us-east-1:111111111111:rule/guards-instance-quarantine-organization');
    // No member configures an alarmed instance: nothing of the quarantine's is routed on the hub bus.
    expect(permissions).not.toContain('arn:aws:events:us-east-1:111111111111:rule/guards-hub/guards-instance-quarantine-members');
  });
});

describe("examples/organization.yaml (hub mode): tampering with a member's guard resources", () => {
  const tamper = (name: string) => eventBridgeEnvelope(cloudTrailRecord(`hub/${name}.json`));
  const tamperRule = (name: string) => hubRulePattern(name, 'guards-tamper-to-hub');

  it("is forwarded by the member's tamper rule: the rules disabled or re-targeted anywhere, its roles changed in the home region", () => {
    expect(matchesEventPattern(tamperRule('production-eu-west-1'), tamper('disable-forwarding-rule'))).toBe(true);
    expect(matchesEventPattern(tamperRule('production-eu-west-1'), tamper('remove-forwarding-target'))).toBe(true);
    expect(matchesEventPattern(tamperRule('production-us-east-1'), tamper('put-policy-on-remediation-role'))).toBe(true);
    expect(matchesEventPattern(tamperRule('production-eu-west-1'), tamper('disable-other-rule'))).toBe(false);
    // IAM delivers its events in the home region only: another region's rule does not carry them.
    expect(matchesEventPattern(tamperRule('production-eu-west-1'), tamper('put-policy-on-remediation-role'))).toBe(false);
  });

  it('each member rule reports changes to the other: a rule cannot report its own deletion', () => {
    const onTamperRule = eventBridgeEnvelope({
      ...cloudTrailRecord('hub/disable-forwarding-rule.json'),
      eventName: 'DeleteRule',
      requestParameters: { name: 'guards-tamper-to-hub' },
    });
    expect(matchesEventPattern(forwardingPattern('production-eu-west-1'), onTamperRule)).toBe(true);
    expect(matchesEventPattern(tamperRule('production-eu-west-1'), tamper('disable-forwarding-rule'))).toBe(true);
    // The forwarding rule no longer carries the other tamper calls (they have the tamper rule).
    expect(matchesEventPattern(forwardingPattern('production-us-east-1'), tamper('put-policy-on-remediation-role'))).toBe(false);
  });

  it("alerts from the region it happens in (no bus hop): each hub region's tamper rules on its hub bus target that region's tamper-alert function", () => {
    const anyTamperRule = (stackName: string, event: Record<string, unknown>) =>
      ['guards-hub-tamper', 'guards-hub-tamper-2'].some((name) => matchesEventPattern(hubRulePattern(stackName, name), event));
    expect(anyTamperRule('hub-us-east-1', tamper('put-policy-on-remediation-role'))).toBe(true);
    expect(anyTamperRule('hub-eu-west-1', tamper('disable-forwarding-rule'))).toBe(true);
    expect(anyTamperRule('hub-eu-west-1', tamper('disable-other-rule'))).toBe(false);
    for (const hub of hubStacks()) {
      const region = hub.name.slice('hub-'.length);
      const targets = values(hub.json, 'aws_cloudwatch_event_target').filter((target) => String(target.rule).includes('tamper'));
      const functionArn = expect.stringMatching(/^\$\{aws_lambda_function\.tamper-alert_function_[0-9A-F]+\.arn\}$/);
      // Two member rules on the hub bus, fourteen on the hub's own resources on the default bus: all to the function.
      expect(targets).toHaveLength(16);
      for (const target of targets) expect([target.target_id, target.arn, target.role_arn]).toEqual(['hub-tamper-alert', functionArn, undefined]);
      // The function runs the cloudtrail-alert handler with the hub's member directory and may only publish, to the home topic.
      const fn = values(hub.json, 'aws_lambda_function').find((candidate) => candidate.function_name === 'guards-hub-tamper-alert')!;
      // Signed (bucket mode's default): the artifacts stack's signed zip of the cloudtrail-alert handler.
      expect(String(fn.s3_key)).toContain('signed-object-keys["cloudtrail-alert"]');
      const variables = (fn.environment as { variables: Record<string, string> }).variables;
      expect(variables).toMatchObject({ POWERTOOLS_SERVICE_NAME: 'hub-tamper-alert', ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:guards-alerts' });
      const { directory, variables: location } = hubMemberDirectory(hub.json);
      expect(variables).toMatchObject(location);
      expect(directory.accounts.get('222222222222')?.name).toBe('production');
      expect(directory.accounts.get('444444444444')?.name).toBe('data-platform');
      const permissions = values(hub.json, 'aws_lambda_permission')
        .filter((permission) => String(permission.function_name).includes('tamper-alert'))
        .map((permission) => String(permission.source_arn));
      expect(permissions).toHaveLength(16);
      expect(permissions).toEqual(
        expect.arrayContaining([
          `arn:aws:events:${region}:111111111111:rule/guards-hub/guards-hub-tamper`,
          `arn:aws:events:${region}:111111111111:rule/guards-hub/guards-hub-tamper-2`,
          `arn:aws:events:${region}:111111111111:rule/guards-hub-own-tamper-hub`,
        ]),
      );
      // Nothing of the tamper path goes to another bus.
      expect(values(hub.json, 'aws_cloudwatch_event_rule').map((rule) => rule.name)).not.toContain('guards-hub-regional-tamper');
    }
  });

  it("gives each hub region a failed-call table (hub key, TTL) that the region's cloudtrail-alert functions, the tamper alert among them, may only UpdateItem", () => {
    for (const hub of hubStacks()) {
      const region = hub.name.slice('hub-'.length);
      const tableArn = `arn:aws:dynamodb:${region}:${hubAccount}:table/guards-failed-calls`;
      const table = values(hub.json, 'aws_dynamodb_table').find((candidate) => candidate.name === 'guards-failed-calls')!;
      expect(table).toMatchObject({
        billing_mode: 'PAY_PER_REQUEST',
        hash_key: 'pk',
        server_side_encryption: { enabled: true, kms_key_arn: expect.stringMatching(/^\$\{aws_kms_key\.guards-key.*\.arn\}$/) },
        ttl: { attribute_name: 'expiresAt', enabled: true },
      });
      const functions = values(hub.json, 'aws_lambda_function');
      const tamper = functions.find((candidate) => candidate.function_name === 'guards-hub-tamper-alert')!;
      expect((tamper.environment as { variables: Record<string, string> }).variables.FAILED_CALL_TABLE_NAME).toBe('guards-failed-calls');
      // Only the cloudtrail-alert functions are told of the table.
      for (const fn of functions) {
        const told = (fn.environment as { variables: Record<string, string> }).variables.FAILED_CALL_TABLE_NAME !== undefined;
        expect([fn.function_name, told]).toEqual([fn.function_name, String(fn.s3_key).includes('"cloudtrail-alert"')]);
      }
      // Every statement on the table, in any role of the hub, is that one grant.
      const onTable = values(hub.json, 'aws_iam_role_policy').flatMap((policy) =>
        policyOf(policy.policy)
          .Statement.filter((statement) => [statement.Resource].flat().some((resource) => String(resource).includes('guards-failed-calls')))
          .map((statement) => ({ role: String(policy.name), statement })),
      );
      expect(onTable.map(({ role }) => role)).toContain(`guards-hub-tamper-alert-${region}`);
      for (const { statement } of onTable) {
        expect(statement).toEqual({ Sid: 'CountsFailedCalls', Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: tableArn });
      }
    }
  });
});

describe('hub mode: release approvers', () => {
  function hubTablePolicy(instanceQuarantine: Record<string, unknown>): Record<string, any>[] {
    const config = parseGuardsConfig(
      {
        regions: ['us-east-1'],
        accounts: [
          { id: '111111111111', name: 'security' },
          { id: '222222222222', name: 'workload' },
        ],
        hub: { account: 'security', organizationId: 'o-a1b2c3d4e5' },
        guards: { instanceQuarantine: { fleetTrigger: false, ...instanceQuarantine } },
      },
      'approvers.yaml',
    );
    const outdir = mkdtempSync(path.join(tmpdir(), 'guards-approvers-'));
    const hub = synthesizeGuards(config, { outdir }).find((summary) => summary.name === 'hub-us-east-1')!;
    const json = JSON.parse(readFileSync(path.join(outdir, 'stacks', hub.name, 'cdk.tf.json'), 'utf8')) as SynthesizedStack['json'];
    return policyOf(values(json, 'aws_dynamodb_resource_policy')[0].policy).Statement;
  }

  it('without approvers, denies approval writes to everyone; without a hub roleArn, names no policy administrator', () => {
    const statements = hubTablePolicy({});
    expect(statements.map((statement) => statement.Sid)).toEqual(['OnlyTheGuardWritesItsState', 'OnlyApproversWriteApprovals']);
    expect(statements[1].Condition).toEqual({ 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['release-approval#*'] } });
  });

  it("refuses an approver of a member account: approvers write the hub's table", () => {
    expect(() => hubTablePolicy({ releaseApprovers: ['arn:aws:iam::222222222222:role/oncall'] })).toThrow(
      'instance-quarantine: releaseApprovers[0]: arn:aws:iam::222222222222:role/oncall is in account 222222222222; approvers must be roles or users of account 111111111111, which holds the state table',
    );
  });
});

describe('hub mode: the hub service control policy (hub.protection)', () => {
  it("is an output of the home hub stack only, naming the configured exempt principals and the guards' metric namespaces", () => {
    const home = stack('hub-us-east-1').json as unknown as { output: Record<string, { value: string }> };
    const policy = JSON.parse(home.output['hub-protection-policy'].value) as { Statement: Record<string, any>[] };
    const changes = policy.Statement.find((statement) => statement.Sid === 'DenyHubGuardChanges')!;
    expect(changes.Condition.ArnNotLike['aws:PrincipalARN']).toEqual(['arn:*:iam::*:role/guards-*', 'arn:aws:iam::111111111111:role/guards-deployer']);
    const metricData = policy.Statement.find((statement) => statement.Sid === 'DenyQuarantineMetricData')!;
    // Every hub guard's metric-filter namespace (iam-change-alert's too): a forged data point would put its alarm in ALARM.
    expect(metricData.Condition.StringEquals['cloudwatch:namespace']).toEqual([
      'CISBenchmark',
      'SecurityGuards/IamChanges',
      'SecurityGuards/InstanceQuarantine',
    ]);
    for (const other of hubStacks().filter((hub) => hub.name !== 'hub-us-east-1')) {
      expect(Object.keys((other.json as unknown as { output?: Record<string, unknown> }).output ?? {})).not.toContain('hub-protection-policy');
    }
  });

  it('refuses an exempt principal that is not a role ARN, and an empty list, naming the field', () => {
    const data = parseYaml(readFileSync(path.join(repoRoot, 'examples/organization.yaml'), 'utf8')) as Record<string, any>;
    const withExempt = (exemptPrincipalArns: unknown) => configProblems({ ...data, hub: { ...data.hub, protection: { exemptPrincipalArns } } });
    expect(withExempt(['guards-deployer'])).toEqual([expect.stringContaining('hub.protection.exemptPrincipalArns')]);
    expect(withExempt([])).toEqual([expect.stringContaining('hub.protection.exemptPrincipalArns')]);
    expect(withExempt(['arn:aws:iam::*:role/break-glass'])).toEqual([]);
  });
});
