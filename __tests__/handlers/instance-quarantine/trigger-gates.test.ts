/**
 * The trigger gates of issue 19 and the stolen-credential findings of issue 20 on the quarantine
 * handler: GuardDuty findings by type (act, approval, notify), sample findings, the envelope's
 * account, and a per-account limit on every trigger. Real-shaped findings from
 * __tests__/fixtures/instance-quarantine (README there names their sources).
 */
import './test-env';
import { DescribeInstancesCommand, ModifyNetworkInterfaceAttributeCommand } from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { handler } from '../../../handlers/instance-quarantine';
import { projectFixture } from '../../helpers/fixtures';
import { everyInstanceExists, happyPath, recordedInstanceId, useQuarantineTestAws } from './aws-mocks';
import { emailView } from '../../helpers/published-alert';

const aws = useQuarantineTestAws();

type Finding = Record<string, any> & { detail: Record<string, any> };
const stolenCredentials = () => projectFixture<Finding>('instance-quarantine/guardduty-instance-credential-exfiltration-outside-aws.json');
const sample = () => projectFixture<Finding>('instance-quarantine/guardduty-backdoor-sample.json');
/** A finding about the recorded instance, of another type. */
function findingOfType(type: string): Finding {
  const finding = projectFixture<Finding>('instance-quarantine/guardduty-ssh-brute-force.json');
  return { ...finding, detail: { ...finding.detail, type, resource: { ...finding.detail.resource, instanceDetails: { instanceId: recordedInstanceId } } } };
}

function reports(): { Subject: string; Message: string }[] {
  return aws.mocks.sns.commandCalls(PublishCommand).map((call) => emailView(call.args[0].input));
}

function ec2Calls(): number {
  return aws.mocks.ec2.calls().length;
}

describe('GuardDuty stolen instance credentials (InstanceCredentialExfiltration)', () => {
  it('quarantines the instance the role session names and revokes the sessions of its role', async () => {
    happyPath(aws.mocks);
    const [result] = await handler(stolenCredentials());
    expect(result).toMatchObject({ instanceId: recordedInstanceId, outcome: 'contained' });
    expect(aws.mocks.ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.InstanceIds).toEqual([recordedInstanceId]);
    expect(aws.mocks.iam.commandCalls(AttachRolePolicyCommand).map((call) => call.args[0].input)).toEqual([
      { RoleName: 'ec2-default-role', PolicyArn: process.env.REVOCATION_POLICY_ARN },
    ]);
    expect(aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).length).toBeGreaterThan(0);
    expect(reports()[0].Subject).toMatch(/^\[QUARANTINED\] i-00fe7967fb7167c62 .*\(guardduty\)$/);
    expect(reports()[0].Message).toContain('UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS');
  });

  it("revokes the finding's role even when the instance has no profile any more (swapped after the theft)", async () => {
    happyPath(aws.mocks, { associations: [], instance: (instance) => ({ ...instance, IamInstanceProfile: undefined }) });
    const finding = stolenCredentials();
    finding.detail.resource.accessKeyDetails.userName = 'app-role-stolen';
    expect((await handler(finding))[0].outcome).toBe('contained');
    expect(aws.mocks.iam.commandCalls(AttachRolePolicyCommand).map((call) => call.args[0].input.RoleName)).toEqual(['app-role-stolen']);
  });

  it('rejects a finding whose session is not an instance role session, naming the field', async () => {
    happyPath(aws.mocks);
    const finding = stolenCredentials();
    finding.detail.resource.accessKeyDetails.principalId = 'AIDACKCEVSQ6C2EXAMPLE';
    await expect(handler(finding)).rejects.toThrow('detail.resource.accessKeyDetails.principalId: "AIDACKCEVSQ6C2EXAMPLE" is not an instance role session');
    expect(ec2Calls()).toBe(0);
  });
});

describe('GuardDuty gates: sample findings, the envelope account, finding types', () => {
  it('skips a sample finding with a notice and touches nothing', async () => {
    happyPath(aws.mocks);
    const [result] = await handler(sample());
    expect(result.outcome).toBe('notified');
    expect(ec2Calls()).toBe(0);
    expect(reports()).toHaveLength(1);
    expect(reports()[0].Subject).toBe('[SAMPLE FINDING skipped] i-99999999 in 111122223333/us-west-1 (guardduty)');
  });

  it("refuses a finding whose detail.accountId is not the envelope's account (forwarded from another member's bus)", async () => {
    happyPath(aws.mocks);
    const finding = findingOfType('Backdoor:EC2/C&CActivity.B');
    const forged = { ...finding, account: '444455556666', detail: { ...finding.detail, accountId: '111122223333' } };
    const [result] = await handler(forged);
    expect(result.outcome).toBe('refused');
    expect(ec2Calls()).toBe(0);
    const [report] = reports();
    expect(report.Subject).toMatch(/^\[REFUSED: unverified trigger\] i-00fe7967fb7167c62/);
    expect(report.Message).toContain("the finding names account 111122223333 but came from account 444455556666's bus; not acted on");
  });

  it('acts at once on an act type (Backdoor:EC2/*)', async () => {
    happyPath(aws.mocks);
    expect((await handler(findingOfType('Backdoor:EC2/C&CActivity.B')))[0].outcome).toBe('contained');
  });

  it('records a DNS-only type as pending and alerts with the command that approves it; nothing is changed', async () => {
    happyPath(aws.mocks);
    // As in Lambda, which names the function (and where the runtime check then applies: the machine's own CA variable is set aside).
    const { NODE_EXTRA_CA_CERTS: machineCa, NODE_OPTIONS: machineOptions } = process.env;
    delete process.env.NODE_EXTRA_CA_CERTS;
    delete process.env.NODE_OPTIONS;
    process.env.AWS_LAMBDA_FUNCTION_NAME = 'guards-instance-quarantine';
    try {
      const [result] = await handler(findingOfType('Trojan:EC2/DNSDataExfiltration'));
      expect(result.outcome).toBe('awaiting-approval');
    } finally {
      delete process.env.AWS_LAMBDA_FUNCTION_NAME;
      if (machineCa !== undefined) process.env.NODE_EXTRA_CA_CERTS = machineCa;
      if (machineOptions !== undefined) process.env.NODE_OPTIONS = machineOptions;
    }
    expect(ec2Calls()).toBe(0);
    expect(await aws.table.item(`quarantine-pending#${recordedInstanceId}`)).toMatchObject({
      reason: { S: expect.stringContaining('Trojan:EC2/DNSDataExfiltration') },
    });
    const [report] = reports();
    expect(report.Subject).toMatch(/^\[APPROVAL NEEDED to quarantine\] i-00fe7967fb7167c62/);
    expect(report.Message).toContain('type matches Trojan:EC2/DNSDataExfiltration in guardDutyApprovalTypes');
    const command = report.Message.split('\n').find((line) => line.trim().startsWith('aws lambda invoke'))!;
    expect(command).toContain('--function-name guards-instance-quarantine');
    const payload = JSON.parse(/--payload '([^']+)'/.exec(command)![1]);
    expect(payload).toEqual({
      action: 'quarantine',
      instanceId: recordedInstanceId,
      reason: expect.stringMatching(/^approved: GuardDuty Trojan:EC2\/DNSDataExfiltration/),
    });
  });

  it('the approval command, run, quarantines the instance (a manual invocation)', async () => {
    happyPath(aws.mocks);
    await handler(findingOfType('Trojan:EC2/DNSDataExfiltration'));
    const command = reports()[0]
      .Message.split('\n')
      .find((line) => line.trim().startsWith('aws lambda invoke'))!;
    const payload = JSON.parse(/--payload '([^']+)'/.exec(command)![1]);
    expect((await handler(payload))[0].outcome).toBe('contained');
  });

  it.each([
    ['a notify-only type', 'Recon:EC2/PortProbeUnprotectedPort', 'type matches Recon:EC2/* in guardDutyNotifyTypes'],
    ['a type no list names', 'Policy:S3/BucketBlockPublicAccessDisabled', 'type is in none of guardDutyActOnTypes, guardDutyApprovalTypes'],
  ])('only alerts on %s', async (_case, type, why) => {
    happyPath(aws.mocks);
    const [result] = await handler(findingOfType(type));
    expect(result.outcome).toBe('notified');
    expect(ec2Calls()).toBe(0);
    expect(reports()[0].Subject).toMatch(/^\[GUARDDUTY FINDING, not acted on\]/);
    expect(reports()[0].Message).toContain(why);
  });
});

describe('per-account limit on every trigger (maxQuarantinesPerHour)', () => {
  it('counts manual and GuardDuty quarantines together and alerts past the limit; a re-run of one under way still runs', async () => {
    happyPath(aws.mocks);
    everyInstanceExists(aws.mocks);
    const victims = ['i-0aaaaaaaaaaaaaaa1', 'i-0aaaaaaaaaaaaaaa2', 'i-0aaaaaaaaaaaaaaa3'];
    const byGuardDuty = (instanceId: string) => {
      const finding = findingOfType('Backdoor:EC2/C&CActivity.B');
      return { ...finding, detail: { ...finding.detail, resource: { resourceType: 'Instance', instanceDetails: { instanceId } } } };
    };
    process.env.MAX_QUARANTINES_PER_HOUR = '2';
    const outcomes: string[] = [];
    try {
      outcomes.push((await handler({ action: 'quarantine', instanceId: victims[0] }))[0].outcome);
      outcomes.push((await handler(byGuardDuty(victims[1])))[0].outcome);
      outcomes.push((await handler(byGuardDuty(victims[2])))[0].outcome);
      outcomes.push((await handler({ action: 'quarantine', instanceId: victims[0] }))[0].outcome);
    } finally {
      process.env.MAX_QUARANTINES_PER_HOUR = '20';
    }
    expect(outcomes).toEqual(['contained', 'contained', 'rate-limited', 'contained']);
    const limited = reports().filter((report) => report.Subject.startsWith('[RATE LIMIT'));
    expect(limited).toHaveLength(1);
    expect(limited[0].Subject).toContain(victims[2]);
    expect(limited[0].Message).toContain('2 quarantines were already started in this account this hour (maxQuarantinesPerHour)');
    expect(await aws.table.record(victims[2])).toBeUndefined();
  });

  it('fails the invocation naming the variable when the limit is not in the environment', async () => {
    happyPath(aws.mocks);
    delete process.env.MAX_QUARANTINES_PER_HOUR;
    try {
      await expect(handler({ action: 'quarantine', instanceId: recordedInstanceId })).rejects.toThrow(
        'MAX_QUARANTINES_PER_HOUR environment variable is not set',
      );
    } finally {
      process.env.MAX_QUARANTINES_PER_HOUR = '20';
    }
    expect(ec2Calls()).toBe(0);
  });
});
