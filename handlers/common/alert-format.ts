/**
 * The one alert format of the notification guards (signin-alert, iam-change-alert, sg-change-alert):
 * a subject that SNS accepts and a phone shows whole, a plain-text body a person reads first, and
 * the raw event id for follow-up. Pure: no AWS call.
 */

/** One line of the body: `label: value`, or a label over an indented list. */
export interface AlertFact {
  readonly label: string;
  /** Left out of the body when undefined or empty. */
  readonly value: string | readonly string[] | undefined;
}

/** A console page that helps the reader act. */
export interface AlertLink {
  readonly label: string;
  readonly url: string;
}

export interface AlertContent {
  /** Short risk words that open the subject in brackets, most serious first, e.g. `ROOT`, `NO MFA`, `FAILED`. */
  readonly markers: readonly string[];
  /** What happened, in one line, e.g. `Console sign-in by anaya in 111122223333 from 192.0.2.0`. */
  readonly title: string;
  /** The opening sentence of the body: what happened and, where it matters, why. */
  readonly summary: string;
  /** The facts in reading order. */
  readonly facts: readonly AlertFact[];
  readonly links: readonly AlertLink[];
  /** The id of the source event (CloudTrail `eventID`), for looking it up later. */
  readonly eventId: string | undefined;
  /** The guard that sends the alert, named in its last line. */
  readonly guardName: string;
}

/**
 * The one alert type of every guard: what goes to `sns:Publish`. The notification guards build it
 * from {@link AlertContent} with {@link formatAlert}; instance-quarantine and region-lockdown from
 * their step-by-step reports.
 */
export interface FormattedAlert {
  readonly subject: string;
  readonly message: string;
}

/**
 * SNS rejects a subject that is not ASCII, holds a line break or control character, or is too long:
 * its limits page says 100 characters, its API reference "less than 100". 99 satisfies both.
 */
export const maxSubjectLength = 99;

/** Longest value of one fact; a policy document or a long rule list is cut here, the event id finds the rest. */
export const maxFactValueLength = 2000;

const ellipsis = '...';

/**
 * A subject SNS accepts: printable ASCII only (anything else becomes `?`), one line, at most
 * {@link maxSubjectLength} characters (cut with `...`), never empty.
 *
 * @example
 * snsSubject(['ROOT', 'NO MFA'], 'Console sign-in by root in 111122223333') // '[ROOT][NO MFA] Console sign-in by root in 111122223333'
 */
export function snsSubject(markers: readonly string[], title: string): string {
  const prefix = markers.map((marker) => `[${marker}]`).join('');
  const text = printableAscii([prefix, title].filter((part) => part.length > 0).join(' ')).trim();
  const subject = text.length > maxSubjectLength ? `${text.slice(0, maxSubjectLength - ellipsis.length).trimEnd()}${ellipsis}` : text;
  return subject.length > 0 ? subject : 'Security guard alert';
}

/** Every character outside printable ASCII (including line breaks and tabs) replaced, runs of spaces folded. */
function printableAscii(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/ {2,}/g, ' ');
}

/** One line of body text: control characters (line breaks too) become spaces, runs of spaces one; long text is cut. */
function bodyLine(text: string): string {
  const line = text
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  return line.length > maxFactValueLength ? `${line.slice(0, maxFactValueLength - ellipsis.length)}${ellipsis}` : line;
}

function factLines(fact: AlertFact): string[] {
  const { value } = fact;
  if (value === undefined) return [];
  if (typeof value === 'string') {
    const line = bodyLine(value);
    return line ? [`${fact.label}: ${line}`] : [];
  }
  const items = value.map(bodyLine).filter((item) => item.length > 0);
  return items.length > 0 ? [`${fact.label}:`, ...items.map((item) => `  - ${item}`)] : [];
}

/**
 * The subject and the plain-text body: the markers and summary first (what a person reads on a
 * phone's lock screen), then one fact per line, the console links, and the event id.
 *
 * @example
 * formatAlert({ markers: ['FAILED'], title: 'Console sign-in failed for anaya', summary: 'IAM user anaya failed to sign in.',
 *   facts: [{ label: 'Source IP', value: '192.0.2.0' }], links: [], eventId: 'd38ce1b3-...', guardName: 'signin-alert' });
 */
export function formatAlert(content: AlertContent): FormattedAlert {
  const headline = content.markers.length > 0 ? `${content.markers.join(', ')}: ${bodyLine(content.summary)}` : bodyLine(content.summary);
  const facts = content.facts.flatMap(factLines);
  const links = content.links.map((link) => `  ${bodyLine(link.label)}: ${bodyLine(link.url)}`);
  const sections = [
    [headline],
    facts,
    links.length > 0 ? ['Open in the AWS console:', ...links] : [],
    [`Event id: ${content.eventId ? bodyLine(content.eventId) : '(none in the event)'}`, `Sent by the ${content.guardName} guard.`],
  ].filter((section) => section.length > 0);
  return {
    subject: snsSubject(content.markers, content.title),
    message: sections.map((section) => section.join('\n')).join('\n\n'),
  };
}

/**
 * An event time as a person reads it, in UTC: `2022-11-10 16:24:34 UTC`. CloudTrail writes ISO 8601
 * (`2022-11-10T16:24:34Z`); some exports write `2021-01-24 04:55:45.000` without a zone, which is UTC
 * too. Anything else is shown as it came.
 */
export function formatUtcTime(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const isoLike = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(raw);
  if (!isoLike) return raw;
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(raw);
  const time = new Date(`${raw.replace(' ', 'T')}${hasZone ? '' : 'Z'}`);
  if (Number.isNaN(time.getTime())) return raw;
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

const consoleHostOfPartition: Readonly<Record<string, string>> = {
  aws: 'console.aws.amazon.com',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
  'aws-cn': 'console.amazonaws.cn',
};

/**
 * A link into the AWS console of the partition: regional pages open in `region`, global ones
 * (IAM) on the partition's console host. Undefined for a partition without a public console.
 *
 * @example
 * consoleUrl('aws', 'us-east-1', 'cloudtrailv2/home?region=us-east-1#/events/abc') // 'https://us-east-1.console.aws.amazon.com/cloudtrailv2/home?region=us-east-1#/events/abc'
 */
export function consoleUrl(partition: string, region: string | undefined, path: string): string | undefined {
  const host = consoleHostOfPartition[partition];
  if (!host) return undefined;
  const regionalHost = region && partition === 'aws' ? `${region}.${host}` : host;
  return `https://${regionalHost}/${path}`;
}

/** The CloudTrail event history page of one event, in the region that recorded it. */
export function cloudTrailEventUrl(partition: string, region: string | undefined, eventId: string | undefined): string | undefined {
  if (!region || !eventId) return undefined;
  return consoleUrl(partition, region, `cloudtrailv2/home?region=${encodeURIComponent(region)}#/events/${encodeURIComponent(eventId)}`);
}

/** Links whose URL could be made; a partition without a console gives none. */
export function availableLinks(links: readonly { readonly label: string; readonly url: string | undefined }[]): AlertLink[] {
  return links.filter((link): link is AlertLink => typeof link.url === 'string');
}

/** A sentence that starts with a caller description (`role X ...`) starts with a capital. */
export function capitalize(text: string): string {
  return text.length > 0 ? `${text[0].toUpperCase()}${text.slice(1)}` : text;
}
