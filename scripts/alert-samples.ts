/**
 * One alert of each alerting guard, made from the project's real-shaped fixtures by the guards' own
 * decision and format code (no AWS call): what the chat-payload test checks against AWS's schema.
 * The Config rules (exposed-ports-rule, inactive-user-rule) report to AWS Config, not by alert;
 * their function alarms reach the topic as CloudWatch alarm notifications, which Chatbot renders itself.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FormattedAlert, formatAlert } from '../handlers/common/alert-format';
import { readCloudTrailRecord } from '../handlers/common/cloudtrail-record';
import { describeApiCall } from '../handlers/cloudtrail-alert/api-call-alert';
import { withTamperMarker } from '../handlers/cloudtrail-alert/tamper-marker';
import { tamperAlertServiceName } from '../handlers/cloudtrail-alert/contract';
import { decideSignIn } from '../handlers/signin-alert/sign-in';
import { formatReport } from '../handlers/instance-quarantine/summary';
import { userAlert } from '../handlers/region-lockdown/report';
import type { ChatExtras } from '../handlers/common/chat-notification';

const repoRoot = path.resolve(__dirname, '..');
const sharedEvents = path.join(repoRoot, '..', 'shared', 'fixtures', 'events');
const projectFixtures = path.join(repoRoot, '__tests__', 'fixtures');

export interface AlertSample {
  readonly guardName: string;
  /** The fixture the alert was made from, relative to the repository (or ../shared). */
  readonly fixture: string;
  readonly alert: FormattedAlert;
  readonly extras: ChatExtras;
}

function json(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/** A CloudTrail record from a fixture: the shared ones are bare records or EventBridge envelopes. */
function record(file: string) {
  const raw = json(file);
  const detail = (raw['detail-type'] === 'AWS API Call via CloudTrail' ? raw.detail : raw) as Record<string, unknown>;
  return readCloudTrailRecord(detail, path.basename(file));
}

function apiCallSample(guardName: string, fixture: string, file: string): AlertSample {
  const content = withTamperMarker(describeApiCall(record(file), { partition: 'aws', guardName }), guardName);
  return { guardName, fixture, alert: formatAlert(content), extras: { guardName } };
}

export function alertSamples(): AlertSample[] {
  const signInFile = path.join(sharedEvents, 'consolelogin-root-success-no-mfa.json');
  const signIn = decideSignIn(record(signInFile), { riskySignInsOnly: false, partition: 'aws', guardName: 'signin-alert' });
  if (signIn.action !== 'alert') throw new Error(`the sign-in fixture was not alerted: ${signIn.reason}`);

  const findingFile = path.join(projectFixtures, 'instance-quarantine', 'guardduty-ssh-brute-force.json');
  const finding = json(findingFile) as {
    account: string;
    region: string;
    time: string;
    detail: { type: string; resource: { instanceDetails: { instanceId: string } } };
  };
  const instanceId = finding.detail.resource.instanceDetails.instanceId;
  const quarantine = formatReport({
    kind: 'contained',
    instanceId,
    accountId: finding.account,
    region: finding.region,
    trigger: 'guardduty',
    reason: `GuardDuty finding ${finding.detail.type}`,
    at: finding.time,
    steps: [
      { step: 'record-prior-state', status: 'done', detail: 'state table' },
      { step: 'detach-instance-profile', status: 'done', detail: 'ec2-default' },
      { step: 'isolate-network', status: 'done', detail: 'eni-ee61adee: sg-0isolation' },
    ],
    priorState: { groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819'] }, instanceProfileArn: 'arn:aws:iam::111122223333:instance-profile/ec2-default' },
  });

  const detachFile = path.join(projectFixtures, 'region-lockdown', 'detach-user-policy.json');
  const detach = record(detachFile);
  const lockdown = userAlert(
    {
      kind: 'user',
      userName: String((detach.requestParameters as Record<string, unknown>).userName),
      trigger: 'policy-detached',
      outcome: 'restored',
      reason: 'the deny was put back',
    },
    {
      actor: String(detach.userIdentity.arn ?? 'unknown'),
      eventId: detach.eventId ?? '',
      eventTime: detach.eventTime ?? '',
      allowedRegions: ['us-east-1', 'eu-west-1'],
      scope: 'every regional action',
      policyArns: [String((detach.requestParameters as Record<string, unknown>).policyArn)],
    },
  );
  if (!lockdown) throw new Error('the region-lockdown fixture gave no alert');

  return [
    {
      guardName: 'instance-quarantine',
      fixture: '__tests__/fixtures/instance-quarantine/guardduty-ssh-brute-force.json',
      alert: quarantine,
      extras: { guardName: 'instance-quarantine', relatedResources: [instanceId] },
    },
    {
      guardName: 'region-lockdown',
      fixture: '__tests__/fixtures/region-lockdown/detach-user-policy.json',
      alert: lockdown,
      extras: { guardName: 'region-lockdown' },
    },
    {
      guardName: 'signin-alert',
      fixture: '../shared/fixtures/events/consolelogin-root-success-no-mfa.json',
      alert: formatAlert(signIn.content),
      extras: { guardName: 'signin-alert' },
    },
    apiCallSample('iam-change-alert', '../shared/fixtures/events/createuser-assumedrole.json', path.join(sharedEvents, 'createuser-assumedrole.json')),
    apiCallSample(
      'sg-change-alert',
      '../shared/fixtures/events/authorize-sg-ingress-console.json',
      path.join(sharedEvents, 'authorize-sg-ingress-console.json'),
    ),
    apiCallSample(tamperAlertServiceName, '__tests__/fixtures/tamper-alert/stop-logging.json', path.join(projectFixtures, 'tamper-alert', 'stop-logging.json')),
  ];
}
