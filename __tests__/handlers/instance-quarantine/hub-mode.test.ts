import './test-env';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { PublishCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../handlers/instance-quarantine';
import { RemoteRoleError, UnknownAccountError } from '../../../handlers/common/member-accounts';
import { projectFixture } from '../../helpers/fixtures';
import { AwsMocks, happyPath, mockAws, recordedInstanceId } from './aws-mocks';

/** An STS error as the SDK throws it. */
function stsError(code: string, message: string, httpStatusCode: number): Error {
  return Object.assign(new Error(message), { name: code, Code: code, $fault: 'client', $metadata: { httpStatusCode, requestId: 'b4e0ed0e-0000-4000-8000-000000000000', attempts: 1, totalRetryDelay: 0 } });
}

const roleName = 'guards-instance-quarantine-remediation-us-east-1';
const forwardedAlarm = projectFixture<Record<string, any>>('instance-quarantine/alarm-state-change-forwarded.json');
const credentials = { AccessKeyId: 'ASIAEXAMPLEMEMBER000', SecretAccessKey: 'member-secret', SessionToken: 'member-token', Expiration: new Date('2026-11-26T18:00:00Z') };

let mocks: AwsMocks;
let sts: AwsClientStub<STSClient>;

beforeEach(() => {
  mocks = mockAws();
  sts = mockClient(STSClient);
  process.env.REMOTE_ROLE_NAME = roleName;
  process.env.ACCOUNT_NAMES = JSON.stringify({ '111111111111': 'security-tooling', '222222222222': 'production' });
  process.env.DRY_RUN = 'true';
});

afterEach(() => {
  mocks.ec2.restore();
  mocks.iam.restore();
  mocks.sns.restore();
  sts.restore();
  delete process.env.REMOTE_ROLE_NAME;
  delete process.env.ACCOUNT_NAMES;
  delete process.env.DRY_RUN;
});

function publishedMessages(): { Subject?: string; Message?: string }[] {
  return mocks.sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

describe('instance-quarantine in hub mode: acting in the member account of the event', () => {
  it('assumes the remediation role of the account that forwarded the alarm, in its region, and names the account in the report', async () => {
    happyPath(mocks);
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });

    const results = await handler(forwardedAlarm);

    expect(results).toEqual([expect.objectContaining({ instanceId: recordedInstanceId, outcome: 'dry-run' })]);
    const assumed = sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(assumed).toEqual([
      { RoleArn: `arn:aws:iam::222222222222:role/${roleName}`, RoleSessionName: 'instance-quarantine-c4c1c1c9-6542-e61b-6ef0-8c4d36933a92', DurationSeconds: 900 },
    ]);
    // The EC2 client that described the instance carries the member's credentials and region.
    const describeCall = mocks.ec2.commandCalls(DescribeInstancesCommand)[0];
    const client = describeCall.thisValue as { config: { region: () => Promise<string>; credentials: () => Promise<{ accessKeyId: string }> } };
    await expect(client.config.region()).resolves.toBe('eu-west-1');
    await expect(client.config.credentials()).resolves.toMatchObject({ accessKeyId: 'ASIAEXAMPLEMEMBER000' });
    const [report] = publishedMessages();
    expect(report.Subject).toContain('(production)/eu-west-1');
    expect(report.Message).toContain('region eu-west-1');
  });

  it('refuses an event from an account the hub does not serve: no role assumed, an alert, and the invocation fails', async () => {
    happyPath(mocks);
    const stranger = { ...forwardedAlarm, account: '999999999999' };

    await expect(handler(stranger)).rejects.toBeInstanceOf(UnknownAccountError);

    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(mocks.ec2.calls()).toHaveLength(0);
    const [alert] = publishedMessages();
    expect(alert.Subject).toBe(`[QUARANTINE NOT DONE] ${recordedInstanceId} in 999999999999/eu-west-1: UnknownAccountError`);
    expect(alert.Message).toContain('account 999999999999 is not one of the accounts this hub serves');
  });

  it('reports AccessDenied from STS with the role it tried, and fails so the event stays in the failure queue', async () => {
    happyPath(mocks);
    sts.on(AssumeRoleCommand).rejects(
      stsError('AccessDenied', `User: arn:aws:sts::111111111111:assumed-role/guards-instance-quarantine-eu-west-1/guards-instance-quarantine is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/${roleName}`, 403),
    );

    const invocation = handler(forwardedAlarm);

    await expect(invocation).rejects.toBeInstanceOf(RemoteRoleError);
    await expect(invocation).rejects.toThrow(`cannot assume arn:aws:iam::222222222222:role/${roleName}: AccessDenied: User:`);
    expect(mocks.ec2.calls()).toHaveLength(0);
    const [alert] = publishedMessages();
    expect(alert.Subject).toBe(`[QUARANTINE NOT DONE] ${recordedInstanceId} in 222222222222 (production)/eu-west-1: RemoteRoleError`);
    expect(alert.Message).toContain("Check the member's remediation role");
    expect(alert.Message).toContain('contain the instance by hand now');
  });

  it('reports a member whose remediation role is missing (STS answers as for a refused trust)', async () => {
    happyPath(mocks);
    // STS does not reveal whether the role exists: a missing role is refused like any other.
    sts.on(AssumeRoleCommand).rejects(stsError('AccessDenied', `User: arn:aws:sts::111111111111:assumed-role/x/y is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/${roleName}`, 403));

    await expect(handler({ action: 'quarantine', instanceId: recordedInstanceId, accountId: '222222222222', region: 'eu-west-1' })).rejects.toBeInstanceOf(RemoteRoleError);
    expect(publishedMessages()).toHaveLength(1);
  });

  it('refuses a manual invocation that names no member account in hub mode, with an alert', async () => {
    happyPath(mocks);

    await expect(handler({ action: 'quarantine', instanceId: recordedInstanceId })).rejects.toThrow(/names no member account and region/);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(mocks.ec2.calls()).toHaveLength(0);
    expect(publishedMessages()[0].Subject).toContain('in an unnamed account');
  });

  it('acts with its own credentials when no remediation role is configured (standalone mode)', async () => {
    delete process.env.REMOTE_ROLE_NAME;
    happyPath(mocks);

    await handler({ action: 'quarantine', instanceId: recordedInstanceId });

    expect(sts.calls()).toHaveLength(0);
    expect(mocks.ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
  });
});
