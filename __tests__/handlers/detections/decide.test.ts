import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatAlert } from '../../../handlers/common/alert-format';
import { cisControls, detectionById, detectionCatalogue, packIntoRules } from '../../../handlers/detections/contract';
import { Detection } from '../../../handlers/detections/catalogue/detection';
import { DetectionSettings, decideDetectionAlert } from '../../../handlers/detections/decide';
import { parseDetectionEvent } from '../../../handlers/detections/detection-event';
import { eventBridgeEnvelope, JsonRecord } from '../../helpers/cloudtrail-envelopes';
import { fixtureNames, fixtureRecords } from '../../helpers/detection-coverage';
import { repoRoot } from '../../helpers/synth';
import { recordsOf } from './records';

const settings: DetectionSettings = { detections: detectionCatalogue, allowList: [], namePrefix: 'guards', partition: 'aws', guardName: 'detections' };
const decide = (record: JsonRecord, overrides: Partial<DetectionSettings> = {}, ruleIndex?: number) =>
  decideDetectionAlert(parseDetectionEvent(ruleIndex === undefined ? eventBridgeEnvelope(record) : { ruleIndex, event: eventBridgeEnvelope(record) }), {
    ...settings,
    ...overrides,
  });
const stratus = (technique: string, index = 0) => fixtureRecords('stratus', technique).filter((record) => record.readOnly !== true)[index];
const moduleReadme = readFileSync(path.join(repoRoot, 'modules', 'detections', 'README.md'), 'utf8');

describe.each(detectionCatalogue.map((detection) => [detection.id, detection] as const))('detection %s', (_id, detection: Detection) => {
  const records = recordsOf(detection);

  it('has a real-shaped record of its call in __tests__/fixtures/detections, and alerts on it naming the account, region and caller', () => {
    const alerting = records
      .map(({ record }) => ({ record, decision: decide(record, { detections: [detection] }) }))
      .filter(({ decision }) => decision.kind === 'alert');
    expect(alerting.length).toBeGreaterThan(0);
    for (const { record, decision } of alerting) {
      if (decision.kind !== 'alert') continue;
      const { subject, message } = formatAlert(decision.content);
      const identity = record.userIdentity as JsonRecord;
      expect(subject).toContain(detection.title);
      expect(message).toContain(`Account: ${String(record.recipientAccountId)}`);
      expect(message).toContain(`Region: ${String(record.awsRegion)}`);
      expect(message).toContain(`Caller ARN: ${String(identity.arn)}`);
      expect(message).toContain(`Call: ${String(record.eventName)} (${String(record.eventSource)})`);
      expect(message).toContain(`Detection: ${detection.title} (${detection.id}, ${detection.severity})`);
      expect({ failed: record.errorCode !== undefined, marked: subject.includes('[FAILED]') }).toEqual({
        failed: record.errorCode !== undefined,
        marked: record.errorCode !== undefined,
      });
    }
  });

  it('answers a CIS control, a Stratus Red Team technique or an ATT&CK technique, each of which exists', () => {
    expect(detection.cis.length + detection.stratus.length + (detection.attack?.length ?? 0)).toBeGreaterThan(0);
    for (const id of detection.cis) expect(cisControls.map((control) => control.id)).toContain(id);
    for (const technique of detection.stratus) expect(fixtureNames('stratus')).toContain(technique);
  });

  it('has its row in the catalogue table of modules/detections/README.md', () => {
    expect(moduleReadme).toMatch(new RegExp(`\\n\\| \`${detection.id}\` \\| ${detection.scope} \\| ${detection.severity} \\|`));
  });
});

describe('the catalogue', () => {
  it('has unique ids', () => {
    expect(new Set(detectionCatalogue.map((detection) => detection.id)).size).toBe(detectionCatalogue.length);
  });

  it('names, for each CIS control, a detection of the catalogue (or another guard) that sends the readable alert', () => {
    const byDetection = cisControls.flatMap((control) =>
      'detection' in control.readableAlert ? [{ control: control.id, detection: control.readableAlert.detection }] : [],
    );
    expect(byDetection).toHaveLength(12);
    for (const { control, detection } of byDetection)
      expect({ control, answers: detectionById(detection)?.cis }).toEqual({ control, answers: expect.arrayContaining([control]) });
  });
});

describe('decideDetectionAlert', () => {
  it('marks what is dangerous: a snapshot shared with another account', () => {
    const decision = decide(stratus('aws.exfiltration.ec2-share-ebs-snapshot'));
    expect(decision.kind).toBe('alert');
    if (decision.kind !== 'alert') return;
    const { subject, message } = formatAlert(decision.content);
    expect(subject).toBe('[HIGH][OUTSIDE ACCOUNT] EBS snapshot shared in 123456789012 us-east-1 by ops-admin/mallory-session');
    expect(message).toContain('the snapshot is now shared with account(s) 999988887777');
    expect(message).toContain('Resource: snapshot snap-041993b54a9b3af6f');
    expect(message).toContain('Stratus Red Team: aws.exfiltration.ec2-share-ebs-snapshot');
  });

  it('marks a failed attempt and says it failed', () => {
    const decision = decide(stratus('aws.defense-evasion.organizations-leave'));
    if (decision.kind !== 'alert') throw new Error(decision.reason);
    const { subject, message } = formatAlert(decision.content);
    expect(decision.detection.id).toBe('organizations-changes');
    expect(subject).toContain('[FAILED]');
    expect(subject).toContain('[LEAVES ORGANIZATION]');
    expect(message).toContain('tried to call LeaveOrganization');
    expect(message).toContain('Also matches:\n  - unauthorized-api-calls');
  });

  it("marks a change of the guards' own resources", () => {
    const record = { ...stratus('aws.defense-evasion.cloudtrail-stop'), requestParameters: { name: 'guards-trail' } };
    const decision = decide(record);
    if (decision.kind !== 'alert') throw new Error(decision.reason);
    expect(decision.content.markers).toEqual(['HIGH', 'LOGGING OFF', 'GUARD RESOURCE']);
  });

  it('stays silent on a permission for a service of the account itself (alerts on outside principals only)', () => {
    const decision = decide(fixtureRecords('records', 'lambda-permission-outside')[0]);
    expect(decision).toEqual({ kind: 'skip', reason: 'lambda-permission-outside: nothing dangerous in the call' });
    expect(decide(stratus('aws.persistence.lambda-backdoor-function')).kind).toBe('alert');
  });

  it("stays silent on a user's key for itself, alerts on a key for another user", () => {
    const own = {
      ...stratus('aws.persistence.iam-backdoor-user'),
      userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::123456789012:user/billing-reports', accountId: '123456789012', userName: 'billing-reports' },
    };
    expect(decide(own, { detections: [detectionById('access-key-for-other-user')!] }).kind).toBe('skip');
    expect(decide(stratus('aws.persistence.iam-backdoor-user'), { detections: [detectionById('access-key-for-other-user')!] }).kind).toBe('alert');
  });

  it('leaves out calls the allow-list expects (role ARN pattern of an assumed role), and only for that detection', () => {
    const record = stratus('aws.persistence.lambda-overwrite-code');
    const allowList = [{ detection: 'lambda-code-change', principalArns: ['arn:aws:iam::123456789012:role/ops-*'] }];
    expect(decide(record, { allowList })).toEqual({ kind: 'skip', reason: "lambda-code-change: allowed by the config's allowList" });
    expect(decide(record, { allowList: [{ detection: 'lambda-layer-change', principalArns: ['arn:aws:iam::123456789012:role/ops-*'] }] }).kind).toBe('alert');
    expect(decide(record, { allowList: [{ detection: 'lambda-code-change', accounts: ['123456789012'] }] }).kind).toBe('skip');
    expect(decide(record, { allowList: [{ detection: 'lambda-code-change', accounts: ['111122223333'] }] }).kind).toBe('alert');
  });

  it('renders a call two rules deliver once: from the rule of the detection that renders it', () => {
    const record = stratus('aws.defense-evasion.organizations-leave');
    const rules = packIntoRules(detectionCatalogue);
    const specific = rules.findIndex((rule) => rule.some((detection) => detection.id === 'organizations-changes'));
    const catchAll = rules.findIndex((rule) => rule.some((detection) => detection.id === 'unauthorized-api-calls'));
    expect(specific).not.toBe(catchAll);
    expect(decide(record, {}, specific).kind).toBe('alert');
    expect(decide(record, {}, catchAll)).toEqual({ kind: 'skip', reason: `organizations-changes renders this call from rule ${specific}` });
  });

  it('skips a call no enabled detection matches, and one whose detection is switched off', () => {
    expect(decide(stratus('aws.exfiltration.ec2-share-ami'), { detections: detectionCatalogue.filter((detection) => detection.id !== 'ami-sharing') })).toEqual(
      {
        kind: 'skip',
        reason: 'no enabled detection matches ec2.amazonaws.com ModifyImageAttribute',
      },
    );
  });
});

describe('parseDetectionEvent', () => {
  it('refuses malformed input, naming the field', () => {
    expect(() => parseDetectionEvent('text')).toThrow('event: not a JSON object');
    expect(() => parseDetectionEvent({ ruleIndex: -1, event: {} })).toThrow('event.ruleIndex: -1, expected a rule index');
    expect(() => parseDetectionEvent({ ruleIndex: 0, event: { detail: {} } })).toThrow('event.event.detail-type: missing');
    expect(() => parseDetectionEvent({ 'detail-type': 'AWS API Call via CloudTrail', detail: { eventName: 'X' } })).toThrow(
      'event.detail.eventSource: missing',
    );
  });
});
