/**
 * Security Hub findings against the emulator's Security Hub: the quarantine's finding imported
 * through the handlers' own module, read back with GetFindings. The id is one per (guard, instance)
 * across repeats, and the record and compliance states follow the release and a recurrence.
 * (The workflow status RESOLVED is set with BatchUpdateFindings, which moto 5.2.1 does not have:
 * __tests__/handlers/common/security-hub-findings.test.ts holds AWS's rule for it.)
 */
import type * as SecurityHub from '@aws-sdk/client-securityhub';
import type * as Import from '../../../handlers/common/security-hub-import';
import type { Report } from '../../../handlers/instance-quarantine/summary';
import { quarantineFinding } from '../../../handlers/instance-quarantine/quarantine-finding';
import { emulatorPerSuite, loadWithEnvironment } from '../../helpers/emulator-handlers';

jest.setTimeout(300_000);

const server = emulatorPerSuite();
const productArn = 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default';
let securityHub: typeof SecurityHub;
let findings: typeof Import;
let client: SecurityHub.SecurityHubClient;

beforeAll(async () => {
  ({ securityHub, findings } = loadWithEnvironment({ ...server().clientEnvironment('us-east-1'), SECURITY_HUB_PRODUCT_ARN: productArn }, () => ({
    securityHub: require('@aws-sdk/client-securityhub') as typeof SecurityHub,
    findings: require('../../../handlers/common/security-hub-import') as typeof Import,
  })));
  client = new securityHub.SecurityHubClient({});
  await client.send(new securityHub.EnableSecurityHubCommand({}));
});

const report = (kind: Report['kind'], at: string): Report => ({
  kind,
  instanceId: 'i-0123456789abcdef0',
  accountId: '123456789012',
  region: 'us-east-1',
  trigger: kind === 'released' ? 'release' : 'alarm',
  reason: kind === 'released' ? 'manual release' : 'alarm guards-web-01 in ALARM',
  at,
  steps: [],
});

async function storedFindings(): Promise<SecurityHub.AwsSecurityFinding[]> {
  return (await client.send(new securityHub.GetFindingsCommand({}))).Findings ?? [];
}

it('keeps one finding per (guard, instance) whose state follows quarantine, release and recurrence', async () => {
  const imported = await findings.importFinding(quarantineFinding(report('contained', '2026-12-04T10:00:00.000Z'))!, client);
  expect(imported).toBe('security-guards/instance-quarantine/i-0123456789abcdef0');
  await findings.importFinding(quarantineFinding(report('contained', '2026-12-04T10:05:00.000Z'))!, client);
  let stored = await storedFindings();
  expect(stored.map((finding) => finding.Id)).toEqual([imported]);
  expect(stored[0]).toMatchObject({
    ProductArn: productArn,
    AwsAccountId: '123456789012',
    RecordState: 'ACTIVE',
    Compliance: { Status: 'FAILED' },
    Workflow: { Status: 'NEW' },
    Severity: { Label: 'HIGH' },
    Resources: [{ Type: 'AwsEc2Instance', Id: 'i-0123456789abcdef0', Partition: 'aws', Region: 'us-east-1' }],
    UpdatedAt: '2026-12-04T10:05:00.000Z',
  });

  // The release: the import half of resolveFinding (archived, passed).
  await findings.importFinding(quarantineFinding(report('released', '2026-12-04T11:00:00.000Z'))!, client);
  stored = await storedFindings();
  expect(stored.map((finding) => finding.Id)).toEqual([imported]);
  expect(stored[0]).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } });

  // Quarantined again: active and failed again, on which Security Hub puts the workflow back to NEW.
  await findings.importFinding(quarantineFinding(report('contained', '2026-12-04T12:00:00.000Z'))!, client);
  stored = await storedFindings();
  expect(stored.map((finding) => finding.Id)).toEqual([imported]);
  expect(stored[0]).toMatchObject({ RecordState: 'ACTIVE', Compliance: { Status: 'FAILED' } });
});

it('imports nothing where findings are off', async () => {
  const before = (await storedFindings()).length;
  const saved = process.env.SECURITY_HUB_PRODUCT_ARN;
  delete process.env.SECURITY_HUB_PRODUCT_ARN;
  try {
    expect(await findings.importFinding(quarantineFinding(report('contained', '2026-12-04T13:00:00.000Z'))!, client)).toBeUndefined();
  } finally {
    if (saved !== undefined) process.env.SECURITY_HUB_PRODUCT_ARN = saved;
  }
  expect((await storedFindings()).length).toBe(before);
});
