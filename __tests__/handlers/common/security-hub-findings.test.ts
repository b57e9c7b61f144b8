import { BatchImportFindingsCommand, BatchUpdateFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { importFinding } from '../../../handlers/common/security-hub-import';
import { resolveFinding } from '../../../handlers/common/security-hub-resolve';
import { GuardFinding } from '../../../handlers/common/security-hub-finding';
import { detectionFinding } from '../../../handlers/detections/detection-finding';
import { detectionById } from '../../../handlers/detections/contract';
import { readCloudTrailRecord } from '../../../handlers/common/cloudtrail-record';
import { nonComplianceFindings } from '../../../handlers/config-rule/non-compliance-findings';
import { projectFixture } from '../../helpers/fixtures';
import { useMemberDirectoryOnMoto } from '../../helpers/member-directory';

const securityHub = mockClient(SecurityHubClient);
// Hub mode names members from the hub's member directory, an S3 object read through the real client
// in the function's region (Lambda sets AWS_REGION).
process.env.AWS_REGION ??= 'us-east-1';
const memberDirectory = useMemberDirectoryOnMoto();
const client = new SecurityHubClient({ region: 'us-east-1' });
const productArn = 'arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default';
const quarantined: GuardFinding = {
  guard: 'instance-quarantine',
  accountId: '111122223333',
  region: 'us-east-1',
  resourceType: 'AwsEc2Instance',
  resourceId: 'i-0123456789abcdef0',
  severity: 'HIGH',
  title: 'EC2 instance i-0123456789abcdef0 quarantined',
  description: 'alarm',
  state: 'open',
  at: '2026-12-04T10:00:00.000Z',
};

beforeEach(() => {
  securityHub.reset();
  securityHub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
  securityHub.on(BatchUpdateFindingsCommand).resolves({ ProcessedFindings: [], UnprocessedFindings: [] });
  process.env.SECURITY_HUB_PRODUCT_ARN = productArn;
});

afterAll(() => {
  delete process.env.SECURITY_HUB_PRODUCT_ARN;
});

describe('Security Hub findings', () => {
  it('resolves a released finding with BatchUpdateFindings, since BatchImportFindings cannot change Workflow after creation', async () => {
    // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html: "After a finding is created,
    // BatchImportFindings cannot be used to update ... Workflow". The emulator lets it; AWS does not.
    await resolveFinding(quarantined, client);
    const imported = securityHub.commandCalls(BatchImportFindingsCommand)[0].args[0].input.Findings![0];
    expect(imported).toMatchObject({
      Id: 'security-guards/instance-quarantine/i-0123456789abcdef0',
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
    });
    expect(securityHub.commandCalls(BatchUpdateFindingsCommand)[0].args[0].input).toMatchObject({
      FindingIdentifiers: [{ Id: imported.Id, ProductArn: productArn }],
      Workflow: { Status: 'RESOLVED' },
    });
  });

  it('fails, naming the finding, when Security Hub refuses it or does not resolve it', async () => {
    securityHub.on(BatchImportFindingsCommand).resolves({
      FailedCount: 1,
      SuccessCount: 0,
      FailedFindings: [
        { Id: 'security-guards/instance-quarantine/i-0123456789abcdef0', ErrorCode: 'InvalidAccess', ErrorMessage: 'Security Hub is not enabled' },
      ],
    });
    await expect(importFinding(quarantined, client)).rejects.toThrow(
      'Security Hub refused finding security-guards/instance-quarantine/i-0123456789abcdef0: InvalidAccess Security Hub is not enabled',
    );
    securityHub.on(BatchImportFindingsCommand).resolves({ FailedCount: 0, SuccessCount: 1, FailedFindings: [] });
    securityHub
      .on(BatchUpdateFindingsCommand)
      .resolves({ UnprocessedFindings: [{ FindingIdentifier: undefined, ErrorCode: 'FindingNotFound', ErrorMessage: 'no such finding' }] });
    await expect(resolveFinding(quarantined, client)).rejects.toThrow(
      'did not resolve finding security-guards/instance-quarantine/i-0123456789abcdef0: FindingNotFound',
    );
  });

  it('imports nothing where findings are off', async () => {
    delete process.env.SECURITY_HUB_PRODUCT_ARN;
    expect(await resolveFinding(quarantined, client)).toBeUndefined();
    expect(securityHub.calls()).toHaveLength(0);
  });

  it('makes a finding of a high or critical detection only, one per (detection, resource)', () => {
    const [stop] = projectFixture<unknown[]>('detections/stratus/aws.defense-evasion.cloudtrail-stop.json');
    const record = readCloudTrailRecord(stop, 'detail');
    const trail = detectionById('cloudtrail-changes')!;
    const finding = detectionFinding(trail, record, 'subject');
    expect(['high', 'critical']).toContain(trail.severity);
    expect(finding).toMatchObject({
      guard: 'detections/cloudtrail-changes',
      generator: 'cloudtrail-changes',
      state: 'open',
      accountId: '123456789012',
      severity: 'HIGH',
    });
    expect(detectionFinding({ ...trail, severity: 'medium' }, record, 'subject')).toBeUndefined();
  });

  it('makes one finding per non-compliant resource of a Config rule run', () => {
    const at = new Date('2026-12-04T10:00:00Z');
    const findings = nonComplianceFindings(
      { ruleName: 'guards-exposed-ports', accountId: '111122223333' } as Parameters<typeof nonComplianceFindings>[0],
      [
        {
          compliance: 'NON_COMPLIANT',
          annotation: 'port 22 open to 0.0.0.0/0',
          resourceType: 'AWS::EC2::SecurityGroup',
          resourceId: 'sg-1',
          orderingTimestamp: at,
        },
        { compliance: 'COMPLIANT', annotation: 'ok', resourceType: 'AWS::EC2::SecurityGroup', resourceId: 'sg-2', orderingTimestamp: at },
      ],
      { POWERTOOLS_SERVICE_NAME: 'exposed-ports-rule', AWS_REGION: 'eu-west-1' },
    );
    expect(findings).toEqual([
      expect.objectContaining({
        guard: 'exposed-ports-rule',
        resourceType: 'AwsEc2SecurityGroup',
        resourceId: 'sg-1',
        region: 'eu-west-1',
        description: 'port 22 open to 0.0.0.0/0',
      }),
    ]);
  });

  it("in the hub, imports a member's finding as the hub's own (AwsAccountId the caller) and names the member in its id, resource and ProductFields", async () => {
    // https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchImportFindings.html: with the default product
    // ARN, "the identifier of the account that you are calling BatchImportFindings from needs to be the same as the
    // AwsAccountId attribute for the finding": a hub cannot import a finding that names the member as its account.
    const hubProduct = 'arn:aws:securityhub:eu-west-1:999988887777:product/999988887777/default';
    process.env.SECURITY_HUB_PRODUCT_ARN = hubProduct;
    await memberDirectory.write({ '111122223333': 'production', '999988887777': 'security-tooling' });
    await importFinding({ ...quarantined, region: 'eu-west-1' }, client);
    await importFinding({ ...quarantined, region: 'eu-west-1', resourceType: 'AwsIamUser', resourceId: 'AIDAEXAMPLE', guard: 'inactive-user-rule' }, client);
    const [instance, user] = securityHub.commandCalls(BatchImportFindingsCommand).map((call) => call.args[0].input.Findings![0]);
    expect(instance).toMatchObject({
      Id: 'security-guards/instance-quarantine/111122223333/i-0123456789abcdef0',
      ProductArn: hubProduct,
      AwsAccountId: '999988887777',
      Region: 'eu-west-1',
      Resources: [{ Type: 'AwsEc2Instance', Id: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0', Partition: 'aws', Region: 'eu-west-1' }],
      ProductFields: { guard: 'instance-quarantine', memberAccountId: '111122223333', memberAccountName: 'production' },
    });
    expect(user).toMatchObject({ AwsAccountId: '999988887777', Resources: [{ Type: 'AwsIamUser', Id: '111122223333:AIDAEXAMPLE' }] });
    // The release resolves the same id in the hub.
    await resolveFinding({ ...quarantined, region: 'eu-west-1' }, client);
    expect(securityHub.commandCalls(BatchUpdateFindingsCommand)[0].args[0].input.FindingIdentifiers).toEqual([
      { Id: 'security-guards/instance-quarantine/111122223333/i-0123456789abcdef0', ProductArn: hubProduct },
    ]);
  });

  it("standalone, the finding is the account's own: no member fields, the resource id as it is", async () => {
    await importFinding(quarantined, client);
    const finding = securityHub.commandCalls(BatchImportFindingsCommand)[0].args[0].input.Findings![0];
    expect(finding).toMatchObject({
      AwsAccountId: '111122223333',
      Resources: [{ Id: 'i-0123456789abcdef0' }],
      ProductFields: { guard: 'instance-quarantine' },
    });
    expect(finding.ProductFields).not.toHaveProperty('memberAccountId');
  });
});
