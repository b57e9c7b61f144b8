/**
 * An alert as an AWS Chatbot custom notification, so a Slack or Teams channel shows a titled,
 * readable message instead of raw JSON. The event schema is AWS's
 * (https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html): `version` "1.0",
 * `source` "custom", `content` with `textType` "client-markdown", `title`, `description`,
 * `nextSteps`, `keywords`, and optional `metadata`. Pure: no AWS call.
 */
import type { FormattedAlert } from './alert-format';
import { alertSeverity, subjectMarkers } from './alert-priority';

export interface ChatNotification {
  readonly version: '1.0';
  readonly source: 'custom';
  readonly id?: string;
  readonly content: {
    readonly textType: 'client-markdown';
    readonly title: string;
    readonly description: string;
    readonly nextSteps?: readonly string[];
    readonly keywords?: readonly string[];
  };
  readonly metadata?: {
    readonly threadId?: string;
    readonly summary?: string;
    readonly eventType?: string;
    readonly relatedResources?: readonly string[];
    readonly additionalContext?: Readonly<Record<string, string>>;
  };
}

/** What the chat message shows besides the alert's own text. */
export interface ChatExtras {
  /** The guard that sends it: the notification's event type and a keyword. */
  readonly guardName: string;
  /** Commands or pages to act on the alert, in order (e.g. the release command of a quarantine). */
  readonly nextSteps?: readonly string[];
  /** Resources the alert is about (instance ids, ARNs): Chatbot lists them, and threads by the first. */
  readonly relatedResources?: readonly string[];
}

// Chat clients cut long messages; the e-mail keeps the whole text, the chat a readable part of it.
const maxDescriptionLength = 3500;
const severityIcon = { priority: ':rotating_light:', normal: ':warning:' } as const;

/** Markdown characters a chat client would read as formatting in our plain text. */
function plainText(text: string): string {
  return text.replace(/([*_~`])/g, '\\$1');
}

export function chatNotification(alert: FormattedAlert, extras: ChatExtras): ChatNotification {
  const severity = alertSeverity(alert.subject);
  const body =
    alert.message.length > maxDescriptionLength
      ? `${alert.message.slice(0, maxDescriptionLength - 40)}\n... (cut; the e-mail has the whole alert)`
      : alert.message;
  const resources = extras.relatedResources ?? [];
  return {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title: `${severityIcon[severity]} ${plainText(alert.subject)}`,
      // A code block keeps the alert's layout (indented lists, commands) as the e-mail shows it.
      description: `\`\`\`\n${body.replace(/```/g, "'''")}\n\`\`\``,
      ...(extras.nextSteps && extras.nextSteps.length > 0 ? { nextSteps: [...extras.nextSteps] } : {}),
      keywords: [...subjectMarkers(alert.subject), extras.guardName],
    },
    metadata: {
      summary: alert.subject,
      eventType: extras.guardName,
      ...(resources.length > 0 ? { relatedResources: [...resources], threadId: `${extras.guardName}:${resources[0]}` } : {}),
      additionalContext: { severity },
    },
  };
}
