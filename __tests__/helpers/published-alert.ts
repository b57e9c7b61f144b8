import type { PublishCommandInput } from '@aws-sdk/client-sns';

/**
 * A published alert as its e-mail subscribers read it: the subject and the `email` rendering of a
 * `MessageStructure: 'json'` publish. Fails when the publish is not structured, so a handler that
 * went back to a plain-text publish (which chat channels would show as raw text) is caught.
 */
export function emailView(input: PublishCommandInput): { TopicArn: string | undefined; Subject: string; Message: string } {
  if (input.MessageStructure !== 'json') throw new Error(`alert published without MessageStructure json: ${JSON.stringify(input).slice(0, 200)}`);
  const renderings = JSON.parse(input.Message ?? '{}') as Record<string, unknown>;
  if (typeof renderings.email !== 'string' || renderings.default !== renderings.email) {
    throw new Error(`alert without the same text for e-mail and default: ${Object.keys(renderings).join(', ')}`);
  }
  return { TopicArn: input.TopicArn, Subject: input.Subject ?? '', Message: renderings.email };
}

/** The custom-notification JSON the chat integration (an https subscriber) receives. */
export function chatView(input: PublishCommandInput): unknown {
  const renderings = JSON.parse(input.Message ?? '{}') as Record<string, unknown>;
  if (typeof renderings.https !== 'string') throw new Error('alert without an https (chat) rendering');
  return JSON.parse(renderings.https);
}
