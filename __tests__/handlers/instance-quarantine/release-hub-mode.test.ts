import './test-env';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { DetachRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler } from '../../../handlers/instance-quarantine-release';
import { RemoteRoleError, UnknownAccountError } from '../../../handlers/common/member-accounts';
import { sdkError } from '../../helpers/sdk-errors';
import { clientOf, happyPath, recordedInstanceId, useHubModeTestEnvironment, useQuarantineTestAws } from './aws-mocks';
import { emailView } from '../../helpers/published-alert';

const aws = useQuarantineTestAws();

const releaseRoleName = 'guards-instance-quarantine-release-remediation-us-east-1';
const policyName = 'guards-quarantine-revoke-instance-sessions-us-east-1';
const credentials = {
  AccessKeyId: 'ASIAEXAMPLERELEASE00',
  SecretAccessKey: 'member-secret',
  SessionToken: 'member-token',
  Expiration: new Date('2026-11-26T18:00:00Z'),
};
const member = { accountId: '222222222222', region: 'eu-west-1' };
const record = {
  instanceId: recordedInstanceId,
  startedAt: '2026-11-23T01:00:00.000Z',
  trigger: 'alarm',
  reason: 'r',
  groupsByInterface: { 'eni-ee61adee': ['sg-7e41d819'] },
  revokedRoleNames: ['ec2-default-role'],
};

const hub = useHubModeTestEnvironment(aws, releaseRoleName, policyName);

async function put(pk: string, attributes: Record<string, unknown>): Promise<void> {
  await aws.table.client.send(new PutItemCommand({ TableName: process.env.STATE_TABLE_NAME, Item: { pk: { S: pk }, ...attributes } as never }));
}

describe('instance-quarantine-release in hub mode', () => {
  it("releases through the member's release role: the member's record and deny policy, the account named in the report", async () => {
    await put(`instance#222222222222/eu-west-1/${recordedInstanceId}`, { record: { S: JSON.stringify(record) } });
    await put('role#222222222222/ec2-default-role', { instances: { SS: [recordedInstanceId] } });
    await aws.table.putApproval(recordedInstanceId, { scope: '222222222222/eu-west-1/' });
    // Another account's record of the same instance id and role name is not this release's.
    await put('role#333333333333/ec2-default-role', { instances: { SS: [recordedInstanceId] } });
    happyPath(aws.mocks, { associations: [] });
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });

    const result = await handler({ instanceId: recordedInstanceId, ...member });

    expect(result.outcome).toBe('released');
    expect(hub.sts.commandCalls(AssumeRoleCommand)[0].args[0].input).toMatchObject({ RoleArn: `arn:aws:iam::222222222222:role/${releaseRoleName}` });
    const detach = aws.mocks.iam.commandCalls(DetachRolePolicyCommand);
    expect(detach.map((call) => call.args[0].input)).toEqual([{ RoleName: 'ec2-default-role', PolicyArn: `arn:aws:iam::222222222222:policy/${policyName}` }]);
    expect(await clientOf(detach[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'ASIAEXAMPLERELEASE00' });
    expect((await clientOf(aws.mocks.ec2.commandCalls(DescribeInstancesCommand)[0])).region).toBe('eu-west-1');
    expect(await aws.table.item(`instance#222222222222/eu-west-1/${recordedInstanceId}`)).toBeUndefined();
    expect(await aws.table.item('role#333333333333/ec2-default-role')).toEqual({
      pk: { S: 'role#333333333333/ec2-default-role' },
      instances: { SS: [recordedInstanceId] },
    });
    const subject = aws.mocks.sns.commandCalls(PublishCommand)[0].args[0].input.Subject;
    expect(subject).toBe(`[RELEASED] ${recordedInstanceId} in 222222222222 (production)/eu-west-1 (release)`);
    expect(await aws.table.item(`release-approval#222222222222/eu-west-1/${recordedInstanceId}`)).toBeUndefined();
  });

  it("does not take another member's approval of the same instance id", async () => {
    await put(`instance#222222222222/eu-west-1/${recordedInstanceId}`, { record: { S: JSON.stringify(record) } });
    await aws.table.putApproval(recordedInstanceId, { scope: '333333333333/eu-west-1/' });
    await aws.table.putApproval(recordedInstanceId);
    happyPath(aws.mocks, { associations: [] });
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });

    const result = await handler({ instanceId: recordedInstanceId, ...member });

    expect(result.outcome).toBe('refused');
    expect(result.reason).toContain(`"release-approval#222222222222/eu-west-1/${recordedInstanceId}"`);
    expect(aws.mocks.iam.calls()).toHaveLength(0);
    expect(await aws.table.item(`instance#222222222222/eu-west-1/${recordedInstanceId}`)).toBeDefined();
  });

  it('refuses an account the hub does not serve, with an alert, before any call in it', async () => {
    happyPath(aws.mocks);

    await expect(handler({ instanceId: recordedInstanceId, accountId: '999999999999', region: 'eu-west-1' })).rejects.toBeInstanceOf(UnknownAccountError);

    expect(hub.sts.calls()).toHaveLength(0);
    expect(aws.mocks.ec2.calls()).toHaveLength(0);
    expect(aws.mocks.sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toBe(
      `[RELEASE NOT DONE] ${recordedInstanceId} in 999999999999/eu-west-1: UnknownAccountError`,
    );
  });

  it('reports AccessDenied from STS (role missing or trust changed) and fails, keeping the record', async () => {
    await put(`instance#222222222222/eu-west-1/${recordedInstanceId}`, { record: { S: JSON.stringify(record) } });
    happyPath(aws.mocks);
    hub.sts
      .on(AssumeRoleCommand)
      .rejects(
        sdkError('sts', 'AccessDenied', `not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/${releaseRoleName}`, 403),
      );

    await expect(handler({ instanceId: recordedInstanceId, ...member })).rejects.toBeInstanceOf(RemoteRoleError);

    expect(aws.mocks.ec2.calls()).toHaveLength(0);
    expect(aws.mocks.iam.calls()).toHaveLength(0);
    expect(await aws.table.item(`instance#222222222222/eu-west-1/${recordedInstanceId}`)).toBeDefined();
    const alert = emailView(aws.mocks.sns.commandCalls(PublishCommand)[0].args[0].input);
    expect(alert.Subject).toBe(`[RELEASE NOT DONE] ${recordedInstanceId} in 222222222222 (production)/eu-west-1: RemoteRoleError`);
    expect(alert.Message).toContain('Nothing was changed');
  });

  it('refuses a request that names no member account in hub mode', async () => {
    happyPath(aws.mocks);

    await expect(handler({ instanceId: recordedInstanceId })).rejects.toThrow(/names no member account and region/);
    expect(hub.sts.calls()).toHaveLength(0);
    expect(aws.mocks.sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toContain('in an unnamed account');
  });
});
