import { z } from 'zod';

/**
 * `alerts.chat` in the guards config: Slack channels and Microsoft Teams channels that AWS's own chat
 * integration (AWS Chatbot, now Amazon Q Developer in chat applications) subscribes to the alert
 * topic. No webhook and no secret: the workspace or team is authorized once in the AWS console, and
 * the ids below name the channel. The formats are the API's own
 * (https://docs.aws.amazon.com/chatbot/latest/APIReference/API_SlackChannelConfiguration.html,
 * https://docs.aws.amazon.com/chatbot/latest/APIReference/API_TeamsChannelConfiguration.html).
 */

/** Slack's workspace (team) id, e.g. `T012ABCDEFG`: the API allows upper-case letters and digits. */
const slackWorkspaceId = z.string().regex(/^[0-9A-Z]{1,255}$/, 'must be a Slack workspace id such as T012ABCDEFG (upper-case letters and digits)');

/** Slack's channel id, e.g. `C0123ABCDEF` (the end of the channel's link). */
const slackChannelId = z.string().regex(/^[A-Za-z0-9]{1,255}$/, 'must be a Slack channel id such as C0123ABCDEF (letters and digits)');

const uuid = /^[0-9A-Fa-f]{8}(-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;

/** A Teams channel id as the API takes it: URL-encoded `19:...@thread.tacv2`, so `%3A` and `%40` in it. */
const teamsChannelId = z
  .string()
  .min(1)
  .max(255)
  .regex(
    /^([a-zA-Z0-9-_=+/.,])*%3[aA]([a-zA-Z0-9-_=+/.,])*%40([a-zA-Z0-9-_=+/.,])*$/,
    'must be a URL-encoded Microsoft Teams channel id such as 19%3Aabc123%40thread.tacv2 (from the channel link)',
  );

const routing = {
  /**
   * A priority channel receives only the alerts that need someone now (quarantines, tampering with
   * the guards, critical findings: see handlers/common/alert-priority.ts), through the priority topic.
   * @default false: the channel receives every alert
   */
  priority: z.boolean().default(false),
};

export const slackChannelSchema = z.strictObject({
  /** The workspace authorized in the AWS Chatbot console. */
  workspaceId: slackWorkspaceId,
  channelId: slackChannelId,
  ...routing,
});

export const teamsChannelSchema = z.strictObject({
  /** The team authorized in the AWS Chatbot console (a UUID). */
  teamId: z.string().regex(uuid, 'must be a Microsoft Teams team id (a UUID such as 5f0f3c2a-0b6e-4c7e-9a3d-1b2c3d4e5f60)'),
  channelId: teamsChannelId,
  /** The Microsoft Entra tenant of the team (a UUID). */
  tenantId: z.string().regex(uuid, 'must be a Microsoft Entra tenant id (a UUID such as 0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d)'),
  ...routing,
});

export const chatSettingsSchema = z.strictObject({
  slack: z.array(slackChannelSchema).default([]),
  teams: z.array(teamsChannelSchema).default([]),
});

export type ChatSettings = z.output<typeof chatSettingsSchema>;
export type SlackChannelSettings = z.output<typeof slackChannelSchema>;
export type TeamsChannelSettings = z.output<typeof teamsChannelSchema>;

/** Whether any channel asks for the priority alerts only (and so the priority topic exists). */
export function hasPriorityChannel(chat: ChatSettings | undefined): boolean {
  return [...(chat?.slack ?? []), ...(chat?.teams ?? [])].some((channel) => channel.priority);
}
