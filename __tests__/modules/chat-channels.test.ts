import { applyEmulatorGaps } from '../../modules/stacks/emulator-gaps';
import { configProblems } from '../helpers/config-problems';
import { SynthesizedStack, resourcesOfType, synthesizeConfigFile } from '../helpers/synth';

const stacks = synthesizeConfigFile('__tests__/fixtures/alerts/chat.yaml');
const stack = (name: string): SynthesizedStack => stacks.find((candidate) => candidate.name === name)!;
const home = stack('sandbox-us-east-1');
const ireland = stack('sandbox-eu-west-1');

type Resource = Record<string, unknown>;
const only = (json: SynthesizedStack['json'], type: string, idPart: string): Resource => {
  const matches = Object.entries(resourcesOfType(json, type)).filter(([id]) => id.includes(idPart));
  if (matches.length !== 1) throw new Error(`${matches.length} ${type} matching ${idPart}`);
  return matches[0][1];
};
const topicId = (json: SynthesizedStack['json'], name: string): string =>
  Object.entries(resourcesOfType(json, 'aws_sns_topic')).find(([, topic]) => topic.name === name)![0];
const topicRef = (json: SynthesizedStack['json'], name: string): string => `\${aws_sns_topic.${topicId(json, name)}.arn}`;
const policy = (resource: Resource, attribute = 'policy') => JSON.parse(resource[attribute] as string) as { Statement: Record<string, unknown>[] };

describe('chat channels (alerts.chat)', () => {
  it('a channel without priority gets every alert, a priority channel only the priority topic', () => {
    const alertTopic = topicRef(home.json, 'guards-alerts');
    const priorityTopic = topicRef(home.json, 'guards-priority-alerts');
    expect(only(home.json, 'aws_chatbot_slack_channel_configuration', 'slack-0')).toMatchObject({
      slack_team_id: 'T012ABCDEFG',
      slack_channel_id: 'C0123ABCDEF',
      sns_topic_arns: [alertTopic],
    });
    expect(only(home.json, 'aws_chatbot_slack_channel_configuration', 'slack-1').sns_topic_arns).toEqual([priorityTopic]);
    expect(only(home.json, 'aws_chatbot_teams_channel_configuration', 'teams-0')).toMatchObject({
      team_id: '5f0f3c2a-0b6e-4c7e-9a3d-1b2c3d4e5f60',
      channel_id: '19%3Aabc123def456%40thread.tacv2',
      tenant_id: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
      sns_topic_arns: [priorityTopic],
    });
  });

  it('channel configurations are account-wide: each name carries the region', () => {
    const names = stacks.flatMap((each) =>
      ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration'].flatMap((type) =>
        Object.values(resourcesOfType(each.json, type)).map((resource) => resource.configuration_name),
      ),
    );
    expect(names.sort()).toEqual(
      [
        'guards-slack-0-eu-west-1',
        'guards-slack-0-us-east-1',
        'guards-slack-1-eu-west-1',
        'guards-slack-1-us-east-1',
        'guards-teams-0-eu-west-1',
        'guards-teams-0-us-east-1',
      ].sort(),
    );
  });

  it('outside the Chatbot API regions, the channels are made through a provider of US East (Ohio) in the same account and role', () => {
    // https://docs.aws.amazon.com/chatbot/latest/APIReference/Welcome.html: the API runs in us-east-2, us-west-2, eu-west-1, ap-southeast-1 only.
    const providers = home.json.provider.aws;
    const chatbot = providers.find((provider) => provider.alias === 'chatbot')!;
    const main = providers.find((provider) => provider.alias === undefined)!;
    expect(chatbot).toEqual({ ...main, alias: 'chatbot', region: 'us-east-2' });
    for (const type of ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration']) {
      for (const resource of Object.values(resourcesOfType(home.json, type))) expect(resource.provider).toBe('aws.chatbot');
    }
    // eu-west-1 runs the API: its own provider, no second one.
    expect(ireland.json.provider.aws).toHaveLength(1);
    expect(Object.values(resourcesOfType(ireland.json, 'aws_chatbot_slack_channel_configuration')).map((resource) => resource.provider)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('the channel role is assumed by Chatbot only and reads alarms, nothing else; the guardrail denies every other action', () => {
    const role = only(home.json, 'aws_iam_role', 'chat_role');
    expect(policy(role, 'assume_role_policy').Statement).toEqual([
      { Sid: 'ChatbotAssumesRole', Effect: 'Allow', Principal: { Service: 'chatbot.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    const reads = ['cloudwatch:DescribeAlarms', 'cloudwatch:GetMetricData', 'cloudwatch:GetMetricWidgetImage', 'cloudwatch:ListMetrics'];
    expect(policy(only(home.json, 'aws_iam_role_policy', 'chat_role-policy')).Statement).toEqual([
      { Sid: 'ChannelReadsAlarms', Effect: 'Allow', Action: reads, Resource: '*' },
    ]);
    const guardrail = only(home.json, 'aws_iam_policy', 'chat_guardrail');
    expect(policy(guardrail).Statement).toEqual([
      { Sid: 'ChannelReadsAlarms', Effect: 'Allow', Action: reads, Resource: '*' },
      { Sid: 'ChannelDoesNothingElse', Effect: 'Deny', NotAction: reads, Resource: '*' },
    ]);
    const guardrailArn = `\${aws_iam_policy.${Object.keys(resourcesOfType(home.json, 'aws_iam_policy')).find((id) => id.includes('chat_guardrail'))}.arn}`;
    for (const type of ['aws_chatbot_slack_channel_configuration', 'aws_chatbot_teams_channel_configuration']) {
      for (const resource of Object.values(resourcesOfType(home.json, type))) expect(resource.guardrail_policy_arns).toEqual([guardrailArn]);
    }
  });

  it('no webhook and no secret anywhere in the stack', () => {
    const text = JSON.stringify(home.json);
    expect(text).not.toMatch(/hooks\.slack\.com|webhook\.office\.com|webhook_url|secretsmanager/i);
  });

  it('the priority topic is encrypted with the stack key and refuses plain HTTP, like the alert topic', () => {
    const topics = resourcesOfType(home.json, 'aws_sns_topic');
    const priority = topics[topicId(home.json, 'guards-priority-alerts')];
    expect(priority.kms_master_key_id).toBe(topics[topicId(home.json, 'guards-alerts')].kms_master_key_id);
    expect(priority.kms_master_key_id).toMatch(/^\$\{aws_kms_key\./);
    const statements = policy(only(home.json, 'aws_sns_topic_policy', 'alert-topic_priority_policy')).Statement;
    expect(statements.find((statement) => statement.Sid === 'DenyInsecureTransport')).toMatchObject({
      Effect: 'Deny',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    });
  });

  it('a function that alerts publishes the priority alerts too (variable and grant); a Config rule function gets neither', () => {
    const priorityTopic = topicRef(home.json, 'guards-priority-alerts');
    const functions = resourcesOfType(home.json, 'aws_lambda_function');
    const variablesOf = (name: string) =>
      (Object.values(functions).find((fn) => fn.function_name === name)!.environment as { variables: Record<string, string> }).variables;
    expect(variablesOf('guards-instance-quarantine').PRIORITY_ALERT_TOPIC_ARN).toBe(priorityTopic);
    expect(variablesOf('guards-exposed-ports-rule').PRIORITY_ALERT_TOPIC_ARN).toBeUndefined();
    const rolePolicies = Object.values(resourcesOfType(home.json, 'aws_iam_role_policy'));
    const grantsOf = (name: string) => policy(rolePolicies.find((candidate) => candidate.name === name)!).Statement;
    expect(grantsOf('guards-instance-quarantine')).toContainEqual({
      Sid: 'PublishesPriorityAlerts',
      Effect: 'Allow',
      Action: 'sns:Publish',
      Resource: priorityTopic,
    });
    expect(JSON.stringify(grantsOf('guards-exposed-ports-rule'))).not.toContain('sns:Publish');
  });

  it('on the emulator, which has no AWS Chatbot, only the channel configurations are left out', () => {
    const { json, leftOut } = applyEmulatorGaps(home.json as never);
    expect([...leftOut].sort()).toEqual(
      Object.entries(home.json.resource)
        .filter(([type]) => type.startsWith('aws_chatbot_'))
        .flatMap(([type, byId]) => Object.keys(byId).map((id) => `${type}.${id}`))
        .sort(),
    );
    expect(leftOut).toHaveLength(3);
    const kept = (json as unknown as SynthesizedStack['json']).resource;
    expect(Object.keys(kept.aws_iam_policy ?? {}).some((id) => id.includes('chat_guardrail'))).toBe(true);
    expect(Object.values(kept.aws_sns_topic).map((topic) => topic.name)).toContain('guards-priority-alerts');
  });

  it('without alerts.chat a stack has no chat resource and no priority topic', () => {
    const [single] = synthesizeConfigFile('examples/single-account.yaml');
    const types = Object.keys(single.json.resource);
    expect(types.filter((type) => type.startsWith('aws_chatbot'))).toEqual([]);
    expect(Object.values(resourcesOfType(single.json, 'aws_sns_topic')).map((topic) => topic.name)).toEqual(['guards-alerts']);
    expect(single.json.provider.aws).toHaveLength(1);
  });
});

describe('alerts.chat validation names the field', () => {
  const minimal = { regions: ['us-east-1'], accounts: [{ id: '111122223333', name: 'prod' }] };
  const withChat = (chat: unknown) => configProblems({ ...minimal, alerts: { chat } });

  it('accepts the ids in the formats AWS Chatbot takes', () => {
    expect(
      withChat({
        slack: [{ workspaceId: 'T012ABCDEFG', channelId: 'C0123ABCDEF' }],
        teams: [{ teamId: '5f0f3c2a-0b6e-4c7e-9a3d-1b2c3d4e5f60', channelId: '19%3Aabc%40thread.tacv2', tenantId: '0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d' }],
      }),
    ).toEqual([]);
  });

  it('refuses a Slack id that is not one', () => {
    expect(withChat({ slack: [{ workspaceId: 't012-abc', channelId: '#security' }] })).toEqual([
      'alerts.chat.slack[0].workspaceId: must be a Slack workspace id such as T012ABCDEFG (upper-case letters and digits)',
      'alerts.chat.slack[0].channelId: must be a Slack channel id such as C0123ABCDEF (letters and digits)',
    ]);
  });

  it('refuses a Teams channel id that is not URL-encoded, and team and tenant ids that are not UUIDs', () => {
    expect(withChat({ teams: [{ teamId: 'security', channelId: '19:abc@thread.tacv2', tenantId: 'contoso.onmicrosoft.com' }] })).toEqual([
      'alerts.chat.teams[0].teamId: must be a Microsoft Teams team id (a UUID such as 5f0f3c2a-0b6e-4c7e-9a3d-1b2c3d4e5f60)',
      'alerts.chat.teams[0].channelId: must be a URL-encoded Microsoft Teams channel id such as 19%3Aabc123%40thread.tacv2 (from the channel link)',
      'alerts.chat.teams[0].tenantId: must be a Microsoft Entra tenant id (a UUID such as 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d)',
    ]);
  });

  it('refuses a webhook URL or any unknown key in a channel', () => {
    expect(withChat({ slack: [{ workspaceId: 'T012ABCDEFG', channelId: 'C0123ABCDEF', webhookUrl: 'https://hooks.slack.com/services/x' }] })).toEqual([
      'alerts.chat.slack[0].webhookUrl: unknown key (check its spelling in the reference)',
    ]);
  });
});
