/**
 * Hub mode's alert extras: one set of chat channels for the organization (hub home region), the
 * suppressions applied by the hub functions (matched on the member account of the event), one
 * weekly digest, Security Hub findings imported by the hub functions into the hub's own product;
 * and none of it in a member account.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { configProblems } from '../helpers/config-problems';
import { PolicyDocument, asList } from '../helpers/iam-policy-checks';
import { TerraformJson, repoRoot, resourcesOfType } from '../helpers/synth';

const hubAccount = '111111111111';
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const owned = { owner: 'platform-team', reason: 'known automation', expires: inDays(60) };
const organization = parse(readFileSync(path.join(repoRoot, 'examples/organization.yaml'), 'utf8')) as Record<string, any>;
const chat = {
  slack: [{ workspaceId: 'T012ABCDEFG', channelId: 'C0123ABCDEF' }],
  teams: [
    {
      teamId: '5f0f3c2a-0b6e-4c7e-9a3d-1b2c3d4e5f60',
      channelId: '19%3Aabc123%40thread.tacv2',
      tenantId: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
      priority: true,
    },
  ],
};
const productionCi = { ...owned, guard: 'sg-change-alert', accountId: '222222222222', principalArn: 'arn:aws:sts::222222222222:assumed-role/ci-*' };
const virginiaOnly = { ...owned, guard: 'iam-change-alert', region: 'us-east-1' };
const withExtras = {
  ...organization,
  alerts: { ...organization.alerts, chat, securityHub: { enabled: true } },
  suppressions: [productionCi, virginiaOnly],
};

/** `data` synthesized; every stack's Terraform by name. */
function synthesize(data: unknown): Map<string, TerraformJson> {
  const config = parseGuardsConfig(data, 'guards.yaml');
  const outdir = mkdtempSync(path.join(tmpdir(), 'guards-hub-alerts-'));
  return new Map(
    synthesizeGuards(config, { outdir }).map((stack) => [
      stack.name,
      JSON.parse(readFileSync(path.join(outdir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')) as TerraformJson,
    ]),
  );
}

const values = (json: TerraformJson, type: string) => Object.values(resourcesOfType(json, type));
const variablesOf = (fn: Record<string, unknown>) => (fn.environment as { variables: Record<string, string> } | undefined)?.variables ?? {};
const functionNamed = (json: TerraformJson, name: string) => values(json, 'aws_lambda_function').find((fn) => fn.function_name === name);
const rolePolicyOf = (json: TerraformJson, fn: Record<string, unknown>): PolicyDocument => {
  const roleId = /aws_iam_role\.([^.]+)\./.exec(String(fn.role))![1];
  const policy = values(json, 'aws_iam_role_policy').find((each) => String(each.role).includes(`aws_iam_role.${roleId}.`));
  return JSON.parse(String(policy!.policy)) as PolicyDocument;
};
const actionResources = (policy: PolicyDocument, action: string) =>
  policy.Statement.filter((statement) => asList(statement.Action).includes(action)).flatMap((statement) => asList(statement.Resource));

const stacks = synthesize(withExtras);
const hubStacks = [...stacks].filter(([name]) => name.startsWith('hub-'));
const spokes = [...stacks].filter(([name]) => !name.startsWith('hub-') && !name.startsWith('artifacts-'));
const home = stacks.get('hub-us-east-1')!;
const chatTypes = ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration'];

describe('hub mode: chat channels', () => {
  it("makes one set of channels for the organization, in the hub's home region, on the organization's topics", () => {
    const [slack] = values(home, chatTypes[0]);
    const [teams] = values(home, chatTypes[1]);
    expect(values(home, chatTypes[0])).toHaveLength(1);
    expect(values(home, chatTypes[1])).toHaveLength(1);
    const topics = Object.fromEntries(Object.entries(resourcesOfType(home, 'aws_sns_topic')).map(([id, topic]) => [String(topic.name), id]));
    expect(slack.sns_topic_arns).toEqual([`\${aws_sns_topic.${topics['guards-alerts']}.arn}`]);
    expect(teams.sns_topic_arns).toEqual([`\${aws_sns_topic.${topics['guards-priority-alerts']}.arn}`]);
    // us-east-1 runs no Chatbot API: the channels are made through the hub account's provider of us-east-2.
    expect(slack.provider).toBe('aws.chatbot');
    expect(home.provider.aws.find((provider) => provider.alias === 'chatbot')).toMatchObject({ region: 'us-east-2', allowed_account_ids: [hubAccount] });
    for (const [name, json] of stacks) {
      if (name === 'hub-us-east-1') continue;
      for (const type of chatTypes) expect([name, type, values(json, type).length]).toEqual([name, type, 0]);
    }
  });

  it('has every alerting hub function, in every hub region, publish the priority alerts to the home priority topic; a Config rule function gets nothing', () => {
    const priorityTopic = `arn:aws:sns:us-east-1:${hubAccount}:guards-priority-alerts`;
    for (const [name, json] of hubStacks) {
      for (const fn of values(json, 'aws_lambda_function').filter((each) =>
        ['guards-sg-change-alert', 'guards-tamper-alert'].includes(String(each.function_name)),
      )) {
        expect([name, fn.function_name, variablesOf(fn).PRIORITY_ALERT_TOPIC_ARN]).toEqual([name, fn.function_name, priorityTopic]);
        expect(actionResources(rolePolicyOf(json, fn), 'sns:Publish')).toContain(priorityTopic);
      }
      const rule = functionNamed(json, 'guards-exposed-ports-rule')!;
      expect(variablesOf(rule)).not.toHaveProperty('PRIORITY_ALERT_TOPIC_ARN');
      expect(actionResources(rolePolicyOf(json, rule), 'sns:Publish')).toEqual([]);
    }
  });

  it("pages on a lost subscriber against the e-mail addresses and the alert topic's chat channels", () => {
    const alarm = values(home, 'aws_cloudwatch_metric_alarm').find((each) => each.alarm_name === 'guards-alerts-subscribers-lost');
    // One address and the Slack channel on the alert topic (the Teams channel is on the priority topic).
    expect(alarm?.threshold).toBe(2);
  });
});

describe('hub mode: suppressions', () => {
  it('gives each hub function the suppressions of its guard and region, whole: it matches the member account of the event itself', () => {
    for (const [name, json] of hubStacks) {
      expect([name, JSON.parse(variablesOf(functionNamed(json, 'guards-sg-change-alert')!).SUPPRESSIONS)]).toEqual([name, [productionCi]]);
    }
    // iam-change-alert lives in the home region, where the region-only suppression applies.
    expect(JSON.parse(variablesOf(functionNamed(home, 'guards-iam-change-alert')!).SUPPRESSIONS)).toEqual([virginiaOnly]);
  });

  it('sends one weekly digest for the organization from the home region, counting in every hub region', () => {
    const digests = hubStacks.filter(([, json]) => functionNamed(json, 'guards-suppression-digest'));
    expect(digests.map(([name]) => name)).toEqual(['hub-us-east-1']);
    const variables = variablesOf(functionNamed(home, 'guards-suppression-digest')!);
    expect(JSON.parse(variables.SUPPRESSIONS)).toEqual([productionCi, virginiaOnly]);
    expect(variables.DIGEST_METRIC_REGIONS.split(',').sort()).toEqual(hubStacks.map(([name]) => name.replace(/^hub-/, '')).sort());
  });
});

describe('hub mode: Security Hub findings', () => {
  it("imports with the hub's own account and region: BatchImportFindings with the default product ARN must be called by the finding's AwsAccountId account", () => {
    // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html: "the identifier of the
    // account that you are calling BatchImportFindings from needs to be the same as the AwsAccountId attribute for
    // the finding". A hub function calls it as the hub account, so its product (and every finding's account) is the hub's.
    const seen: unknown[][] = [];
    const expected: unknown[][] = [];
    for (const [name, json] of hubStacks) {
      const region = name.replace(/^hub-/, '');
      const ownProduct = `arn:aws:securityhub:${region}:${hubAccount}:product/${hubAccount}/default`;
      for (const fn of values(json, 'aws_lambda_function')) {
        const product = variablesOf(fn).SECURITY_HUB_PRODUCT_ARN;
        const imports = actionResources(rolePolicyOf(json, fn), 'securityhub:BatchImportFindings');
        seen.push([fn.function_name, product, imports]);
        // A function with the variable imports into its own region's product of the hub account; one without imports nothing.
        expected.push([fn.function_name, product === undefined ? undefined : ownProduct, product === undefined ? [] : [ownProduct]]);
      }
    }
    expect(seen).toEqual(expected);
    const reporting = seen.filter(([, product]) => product !== undefined).length;
    // quarantine, release, exposed-ports (each region), inactive-users and the detections (each region).
    expect(reporting).toBeGreaterThanOrEqual(hubStacks.length * 4);
    expect(variablesOf(functionNamed(home, 'guards-inactive-user-rule')!).SECURITY_HUB_PRODUCT_ARN).toBeDefined();
  });
});

describe('hub mode: the member footprint', () => {
  it('is unchanged by chat, suppressions and Security Hub findings: they live in the hub', () => {
    const plain = synthesize(organization);
    expect(spokes.length).toBeGreaterThan(0);
    for (const [name, json] of spokes) expect([name, json.resource]).toEqual([name, plain.get(name)!.resource]);
  });
});

describe('hub mode: validation of the alert extras', () => {
  it('refuses a suppression of an account or region the hub does not serve, naming the field', () => {
    const problems = configProblems({
      ...organization,
      suppressions: [
        { ...owned, guard: 'sg-change-alert', accountId: '999999999999' },
        { ...owned, guard: 'sg-change-alert', region: 'sa-east-1' },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/^suppressions\[0\]\.accountId: 999999999999 is none of accounts/),
      expect.stringMatching(/^suppressions\[1\]\.region: sa-east-1 is no region of the config/),
    ]);
  });
});
