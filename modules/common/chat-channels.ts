import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { ChatbotSlackChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-slack-channel-configuration';
import { ChatbotTeamsChannelConfiguration } from '@cdktf/provider-aws/lib/chatbot-teams-channel-configuration';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsEnvironment, accountGlobalName } from './aws-environment';
import { identityPolicyJson, resourcePolicyJson } from './iam-policy';
import { ChatSettings } from './chat-settings';

export interface ChatChannelsProps {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly chat: ChatSettings;
  /** The alert topic: every channel without `priority` subscribes to it. */
  readonly alertTopicArn: string;
  /** The priority topic: the `priority` channels subscribe to it (required when one is configured). */
  readonly priorityTopicArn?: string;
  /** Provider of the channel configurations: a region where the Chatbot API runs. @default the stack's */
  readonly provider?: TerraformProvider;
}

/**
 * What a chat channel's role may do: read CloudWatch alarms and their metrics, so that Chatbot can
 * show the guards' own alarm notifications with their graph (AWS's notifications-only channel
 * policy, https://docs.aws.amazon.com/chatbot/latest/adminguide/chatbot-iam-policies.html, grants
 * cloudwatch Describe*, Get*, List*; here the read calls by name, no wildcard). Nothing else: the
 * channel shows alerts, it never acts.
 */
export const chatChannelReadActions = [
  'cloudwatch:DescribeAlarms',
  'cloudwatch:GetMetricData',
  'cloudwatch:GetMetricWidgetImage',
  'cloudwatch:ListMetrics',
] as const;

/**
 * The guardrail of every channel: what anyone in the channel may do through it is the intersection
 * of the channel role and its guardrails, and without a guardrail AWS applies AdministratorAccess
 * (https://docs.aws.amazon.com/chatbot/latest/APIReference/API_CreateSlackChannelConfiguration.html,
 * GuardrailPolicyArns). So the guardrail allows the read calls and denies every other action.
 */
export function chatGuardrailPolicyJson(): string {
  // NotAction is what "every other action" is in IAM; identityPolicyJson's statements name actions.
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ChannelReadsAlarms', Effect: 'Allow', Action: [...chatChannelReadActions], Resource: '*' },
      { Sid: 'ChannelDoesNothingElse', Effect: 'Deny', NotAction: [...chatChannelReadActions], Resource: '*' },
    ],
  });
}

/**
 * The Slack and Microsoft Teams channels that receive the alerts, through AWS's own chat
 * integration: no webhook, no secret (the workspace or team was authorized once in the console).
 * Channel configurations are account-wide, so each name carries the stack's region.
 */
export class ChatChannels extends Construct {
  readonly role: IamRole;
  readonly guardrail: IamPolicy;

  constructor(scope: Construct, id: string, props: ChatChannelsProps) {
    super(scope, id);
    const { environment, namePrefix, chat } = props;
    const topicsOf = (priority: boolean): string[] => {
      if (!priority) return [props.alertTopicArn];
      if (!props.priorityTopicArn)
        throw new Error('alerts.chat: a priority channel needs the priority topic (AlertTopic creates it when a channel has priority: true)');
      return [props.priorityTopicArn];
    };

    this.role = new IamRole(this, 'role', {
      name: accountGlobalName(environment, `${namePrefix}-chat`),
      description: 'AWS Chatbot channel role of the security guards: reads alarms, nothing else',
      assumeRolePolicy: resourcePolicyJson([
        { sid: 'ChatbotAssumesRole', principal: { Service: 'chatbot.amazonaws.com' }, actions: ['sts:AssumeRole'], resources: [] },
      ]),
    });
    new IamRolePolicy(this, 'role-policy', {
      name: `${namePrefix}-chat-reads-alarms`,
      role: this.role.id,
      policy: identityPolicyJson([{ sid: 'ChannelReadsAlarms', actions: [...chatChannelReadActions], resources: ['*'] }]),
    });
    this.guardrail = new IamPolicy(this, 'guardrail', {
      name: accountGlobalName(environment, `${namePrefix}-chat-guardrail`),
      description: 'Guardrail of the security guards chat channels: alarm reads only, every other action denied',
      policy: chatGuardrailPolicyJson(),
    });

    // What every channel configuration shares; its name is account-wide, so it carries the region.
    const channelBase = (kind: 'slack' | 'teams', index: number, priority: boolean) => ({
      ...(props.provider ? { provider: props.provider } : {}),
      iamRoleArn: this.role.arn,
      guardrailPolicyArns: [this.guardrail.arn],
      loggingLevel: 'ERROR',
      configurationName: accountGlobalName(environment, `${namePrefix}-${kind}-${index}`, 128),
      snsTopicArns: topicsOf(priority),
    });
    chat.slack.forEach((channel, index) => {
      new ChatbotSlackChannelConfiguration(this, `slack-${index}`, {
        ...channelBase('slack', index, channel.priority),
        slackTeamId: channel.workspaceId,
        slackChannelId: channel.channelId,
      });
    });
    chat.teams.forEach((channel, index) => {
      new ChatbotTeamsChannelConfiguration(this, `teams-${index}`, {
        ...channelBase('teams', index, channel.priority),
        teamId: channel.teamId,
        channelId: channel.channelId,
        tenantId: channel.tenantId,
      });
    });
  }
}
