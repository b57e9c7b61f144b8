import { z } from 'zod';
import { alertPublishInput, alertPublishInputs } from '../../../handlers/common/alert-message';
import { alertSeverity, subjectMarkers } from '../../../handlers/common/alert-priority';
import { alertSamples } from '../../../scripts/alert-samples';
import { chatView, emailView } from '../../helpers/published-alert';

/**
 * AWS Chatbot's custom-notification event schema, typed here from AWS's page (not from the code):
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html ("Event schema" and
 * "Parameter details"): `version` required, must be 1.0; `source` required, must be custom; `id`
 * optional; `content.textType` only client-markdown is supported; `title`, `description`,
 * `nextSteps` and `keywords` strings and string lists; `metadata` with `threadId`, `summary`,
 * `eventType`, `relatedResources` and `additionalContext` (string to string).
 */
const customNotificationSchema = z.strictObject({
  version: z.literal('1.0'),
  source: z.literal('custom'),
  id: z.string().optional(),
  content: z.strictObject({
    textType: z.literal('client-markdown').optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    nextSteps: z.array(z.string()).optional(),
    keywords: z.array(z.string()).optional(),
  }),
  metadata: z
    .strictObject({
      threadId: z.string().optional(),
      summary: z.string().optional(),
      eventType: z.string().optional(),
      relatedResources: z.array(z.string()).optional(),
      additionalContext: z.record(z.string(), z.string()).optional(),
    })
    .optional(),
});

const topicArn = 'arn:aws:sns:us-east-1:111122223333:guards-alerts';
const samples = alertSamples();

describe('the chat message of each guard', () => {
  it('covers every alerting guard', () => {
    expect(samples.map((sample) => sample.guardName).sort()).toEqual(
      ['hub-tamper-alert', 'iam-change-alert', 'instance-quarantine', 'region-lockdown', 'sg-change-alert', 'signin-alert'].sort(),
    );
  });

  it.each(samples.map((sample) => [sample.guardName, sample] as const))(
    '%s: a custom notification AWS documents, with the title and the whole readable text',
    (_guard, sample) => {
      const input = alertPublishInput(topicArn, sample.alert, sample.extras);
      const chat = customNotificationSchema.parse(chatView(input));
      // A titled, readable message, not raw JSON: the subject is the title, the e-mail text the description.
      expect(chat.content.title).toContain(sample.alert.subject.replace(/([*_~`])/g, '\\$1'));
      expect(chat.content.description).toContain(sample.alert.message.split('\n')[0]);
      expect(chat.content.keywords).toContain(sample.guardName);
      expect(chat.metadata?.eventType).toBe(sample.guardName);
    },
  );

  it.each(samples.map((sample) => [sample.guardName, sample] as const))('%s: e-mail subscribers keep the readable text', (_guard, sample) => {
    const email = emailView(alertPublishInput(topicArn, sample.alert, sample.extras));
    expect(email).toEqual({ TopicArn: topicArn, Subject: sample.alert.subject, Message: sample.alert.message });
  });

  it('a quarantine threads by its instance', () => {
    const sample = samples.find((candidate) => candidate.guardName === 'instance-quarantine')!;
    const chat = customNotificationSchema.parse(chatView(alertPublishInput(topicArn, sample.alert, sample.extras)));
    expect(chat.metadata?.relatedResources).toEqual(['i-0123456789abcdef0']);
    expect(chat.metadata?.threadId).toBe('instance-quarantine:i-0123456789abcdef0');
  });

  it('cuts a very long alert for chat but never for e-mail', () => {
    const long = { subject: '[QUARANTINED] i-0123 in 111122223333/us-east-1 (manual)', message: `QUARANTINED\n${'x'.repeat(10_000)}` };
    const input = alertPublishInput(topicArn, long, { guardName: 'instance-quarantine' });
    const chat = customNotificationSchema.parse(chatView(input));
    expect(chat.content.description!.length).toBeLessThan(4000);
    expect(chat.content.description).toContain('the e-mail has the whole alert');
    expect(emailView(input).Message).toBe(long.message);
  });
});

describe('severity routing', () => {
  it('reads the markers that open a subject', () => {
    expect(subjectMarkers('[GUARD TAMPERING][FAILED] StopLogging in 2222')).toEqual(['GUARD TAMPERING', 'FAILED']);
    expect(subjectMarkers('Console sign-in by anaya')).toEqual([]);
  });

  it.each([
    ['[QUARANTINED] i-0123 in 111122223333/us-east-1 (guardduty)', 'priority'],
    ['[QUARANTINE INCOMPLETE] i-0123 in 111122223333/us-east-1 (alarm)', 'priority'],
    ['[QUARANTINE NOT DONE] i-0123 in an unnamed account: UnknownAccountError', 'priority'],
    ['[GUARD TAMPERING][FAILED] StopLogging in 222222222222 eu-west-1 by ops', 'priority'],
    ['[CRITICAL] Root access key created', 'priority'],
    ['[DRY RUN: would quarantine] i-0123 in 111122223333/us-east-1 (manual)', 'normal'],
    ['[ROOT][NO MFA] Console sign-in by root in 111122223333', 'normal'],
    ['SG sg-04f0 authorize ingress in 112233445566 us-west-2 by alan', 'normal'],
  ])('%s is %s', (subject, severity) => {
    expect(alertSeverity(subject)).toBe(severity);
    expect(alertPublishInput(topicArn, { subject, message: 'x' }, { guardName: 'g' }).MessageAttributes?.severity).toEqual({
      DataType: 'String',
      StringValue: severity,
    });
  });

  it('a priority alert goes to the priority topic too, a normal one only to the alert topic', () => {
    const priorityTopicArn = 'arn:aws:sns:us-east-1:111122223333:guards-priority-alerts';
    const topics = { alertTopicArn: topicArn, priorityTopicArn };
    expect(alertPublishInputs(topics, { subject: '[QUARANTINED] i-0123', message: 'x' }, { guardName: 'g' }).map((input) => input.TopicArn)).toEqual([
      topicArn,
      priorityTopicArn,
    ]);
    expect(alertPublishInputs(topics, { subject: 'SG change', message: 'x' }, { guardName: 'g' }).map((input) => input.TopicArn)).toEqual([topicArn]);
    expect(
      alertPublishInputs({ alertTopicArn: topicArn }, { subject: '[QUARANTINED] i-0123', message: 'x' }, { guardName: 'g' }).map((input) => input.TopicArn),
    ).toEqual([topicArn]);
  });
});
