/**
 * `npm run gallery`: docs/alert-gallery.md, the e-mail text, the chat message (AWS Chatbot custom
 * notification) and the Security Hub finding of one event of each guard, made from the project's
 * real-shaped fixtures by the guards' own code (scripts/alert-samples.ts, the detections' decision,
 * the finding builders). __tests__/scripts/alert-gallery.test.ts fails when the committed file differs.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formatAlert } from '../handlers/common/alert-format';
import { chatNotification } from '../handlers/common/chat-notification';
import { readCloudTrailRecord } from '../handlers/common/cloudtrail-record';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { asffFinding } from '../handlers/common/security-hub-finding';
import { securityHubProductArn } from '../handlers/common/security-hub-contract';
import { detectionCatalogue } from '../handlers/detections/contract';
import { decideDetectionAlert } from '../handlers/detections/decide';
import { detectionFinding } from '../handlers/detections/detection-finding';
import { quarantineFinding } from '../handlers/instance-quarantine/quarantine-finding';
import { parseConfigRuleEvent } from '../handlers/config-rule/config-event';
import { nonComplianceFindings } from '../handlers/config-rule/non-compliance-findings';
import type { ResourceEvaluation } from '../handlers/config-rule/verdict';
import { parseForbiddenPortsPolicy } from '../handlers/exposed-ports-rule/contract';
import { decideSecurityGroup } from '../handlers/exposed-ports-rule/decision';
import { securityGroupFromConfiguration } from '../handlers/exposed-ports-rule/security-group-facts';
import { AlertSample, alertSamples } from './alert-samples';

const repoRoot = path.resolve(__dirname, '..');
export const galleryFile = path.join(repoRoot, 'docs', 'alert-gallery.md');

interface GalleryEntry extends AlertSample {
  readonly finding?: AwsSecurityFinding;
}

function detectionsEntry(): GalleryEntry {
  const fixture = '__tests__/fixtures/detections/stratus/aws.defense-evasion.cloudtrail-stop.json';
  const [raw] = JSON.parse(fs.readFileSync(path.join(repoRoot, fixture), 'utf8')) as unknown[];
  const record = readCloudTrailRecord(raw, 'detail');
  const event = { record, detailType: 'AWS API Call via CloudTrail', detail: raw, ruleIndex: undefined };
  const decision = decideDetectionAlert(event, {
    detections: detectionCatalogue,
    allowList: [],
    namePrefix: 'guards',
    partition: 'aws',
    guardName: 'detections',
  });
  if (decision.kind !== 'alert') throw new Error(`the detections fixture was not alerted: ${decision.reason}`);
  const alert = formatAlert(decision.content);
  const finding = detectionFinding(decision.detection, record, alert.subject);
  return {
    guardName: 'detections',
    fixture,
    alert,
    extras: { guardName: 'detections' },
    ...(finding ? { finding: asffFinding(finding, securityHubProductArn('aws', finding.region, finding.accountId)) } : {}),
  };
}

function entries(): GalleryEntry[] {
  return [
    ...alertSamples().map((sample): GalleryEntry => {
      if (sample.guardName !== 'instance-quarantine') return sample;
      const instanceId = sample.extras.relatedResources?.[0] ?? '';
      const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, sample.fixture), 'utf8')) as { account: string; region: string; time: string };
      const finding = quarantineFinding({
        kind: 'contained',
        instanceId,
        accountId: raw.account,
        region: raw.region,
        trigger: 'guardduty',
        reason: 'GuardDuty finding',
        at: raw.time,
        steps: [],
      })!;
      return { ...sample, finding: asffFinding(finding, securityHubProductArn('aws', finding.region, finding.accountId)) };
    }),
    detectionsEntry(),
  ];
}

/** A Config rule's run on one invocation: the evaluation it reports to AWS Config and its finding. */
interface ConfigRuleEntry {
  readonly guardName: string;
  readonly fixture: string;
  readonly evaluation: ResourceEvaluation;
  readonly finding: AwsSecurityFinding | undefined;
}

/** The exposed-ports rule on a security group's change, by the rule's own decision and finding builder. */
function configRuleEntry(): ConfigRuleEntry {
  const fixture = '__tests__/fixtures/replay/config-exposed-ports-sg-change.json';
  const invocation = parseConfigRuleEvent(JSON.parse(fs.readFileSync(path.join(repoRoot, fixture), 'utf8')));
  if (invocation.kind !== 'change') throw new Error(`${fixture}: not a change invocation`);
  const { item } = invocation;
  const group = securityGroupFromConfiguration(item.configuration);
  const evaluation: ResourceEvaluation = {
    resourceType: item.resourceType,
    resourceId: item.resourceId,
    orderingTimestamp: item.captureTime,
    ...decideSecurityGroup({ ...group, groupId: group.groupId || item.resourceId }, parseForbiddenPortsPolicy(invocation.ruleParameters)),
  };
  const [finding] = nonComplianceFindings(invocation, [evaluation], {
    POWERTOOLS_SERVICE_NAME: 'exposed-ports-rule',
    AWS_REGION: invocation.configRuleArn?.split(':')[3] ?? '',
  });
  return {
    guardName: 'exposed-ports-rule',
    fixture,
    evaluation,
    finding: finding ? asffFinding(finding, securityHubProductArn('aws', finding.region, finding.accountId)) : undefined,
  };
}

const fence = (language: string, text: string) => `\`\`\`${language}\n${text}\n\`\`\``;

export function renderAlertGallery(): string {
  const sections = entries().map((entry) =>
    [
      `## ${entry.guardName}`,
      `From \`${entry.fixture}\`.`,
      '### E-mail',
      fence('text', `Subject: ${entry.alert.subject}\n\n${entry.alert.message}`),
      '### Chat (AWS Chatbot custom notification)',
      fence('json', JSON.stringify(chatNotification(entry.alert, entry.extras), null, 2)),
      '### Security Hub finding',
      entry.finding
        ? fence('json', JSON.stringify(entry.finding, null, 2))
        : 'None: only quarantines, releases, Config non-compliance and high or critical detections become findings (`alerts.securityHub`).',
    ].join('\n\n'),
  );
  const rule = configRuleEntry();
  const { evaluation } = rule;
  const ruleSection = [
    `## ${rule.guardName} (AWS Config rule)`,
    `From \`${rule.fixture}\`. A Config rule reports to AWS Config, not by alert: the evaluation below, under the invocation's result token; where \`alerts.securityHub\` is on, a non-compliant resource is also a finding, resolved when the resource is compliant again.`,
    '### AWS Config evaluation (PutEvaluations)',
    fence(
      'json',
      JSON.stringify(
        {
          ComplianceResourceType: evaluation.resourceType,
          ComplianceResourceId: evaluation.resourceId,
          ComplianceType: evaluation.compliance,
          Annotation: evaluation.annotation,
          OrderingTimestamp: evaluation.orderingTimestamp.toISOString(),
        },
        null,
        2,
      ),
    ),
    '### Security Hub finding',
    rule.finding ? fence('json', JSON.stringify(rule.finding, null, 2)) : 'None: the resource is compliant.',
  ].join('\n\n');
  return [
    '# Alert gallery',
    '',
    "Generated by `npm run gallery` (scripts/alert-gallery.ts) from the fixtures, with the guards' own code; a test fails when this file is stale. The Config rules (exposed-ports-rule, inactive-user-rule) report to AWS Config, not by alert: the last section shows an evaluation and its Security Hub finding (`handlers/config-rule/non-compliance-findings.ts`). `CreatedAt`/`UpdatedAt` of a finding are the event's time.",
    '',
    sections.join('\n\n'),
    '',
    ruleSection,
    '',
  ].join('\n');
}

if (require.main === module) {
  fs.mkdirSync(path.dirname(galleryFile), { recursive: true });
  fs.writeFileSync(galleryFile, renderAlertGallery());
  process.stdout.write(`wrote ${path.relative(repoRoot, galleryFile)}\n`);
}
