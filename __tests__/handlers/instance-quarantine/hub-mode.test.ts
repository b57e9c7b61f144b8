import './test-env';
import { DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import {
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateSecurityGroupCommand,
  DeleteSecurityGroupCommand,
  DescribeInstancesCommand,
  ModifyNetworkInterfaceAttributeCommand,
  RevokeSecurityGroupEgressCommand,
} from '@aws-sdk/client-ec2';
import { AttachRolePolicyCommand } from '@aws-sdk/client-iam';
import { PublishCommand } from '@aws-sdk/client-sns';
import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { handler } from '../../../handlers/instance-quarantine';
import { RemoteRoleError, UnknownAccountError } from '../../../handlers/common/member-accounts';
import { projectFixture } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';
import { breachingDatapoints, clientOf, firingGuardAlarm, happyPath, recordedInstanceId, useHubModeTestEnvironment, useQuarantineTestAws } from './aws-mocks';
import { emailView } from '../../helpers/published-alert';

const aws = useQuarantineTestAws();

const roleName = 'guards-instance-quarantine-remediation-us-east-1';
const policyName = 'guards-quarantine-revoke-instance-sessions-us-east-1';
const forwardedAlarm = projectFixture<Record<string, any>>('instance-quarantine/alarm-state-change-forwarded.json');
const credentials = {
  AccessKeyId: 'ASIAEXAMPLEMEMBER000',
  SecretAccessKey: 'member-secret',
  SessionToken: 'member-token',
  Expiration: new Date('2026-11-26T18:00:00Z'),
};
/** The member's real alarm, as DescribeAlarms returns it in the member account. */
const memberAlarm = firingGuardAlarm({}, 'eu-west-1', '222222222222');
const accessDenied = () =>
  sdkError(
    'sts',
    'AccessDenied',
    `User: arn:aws:sts::111111111111:assumed-role/guards-instance-quarantine-eu-west-1/guards-instance-quarantine is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::222222222222:role/${roleName}`,
    403,
  );

const hub = useHubModeTestEnvironment(aws, roleName, policyName);

function publishedMessages(): { Subject?: string; Message?: string }[] {
  return aws.mocks.sns.commandCalls(PublishCommand).map((call) => emailView(call.args[0].input));
}

afterEach(() => {
  process.env.DRY_RUN = 'false';
});

describe('instance-quarantine in hub mode: acting in the member account of the event', () => {
  it('assumes the remediation role of the account that forwarded the alarm, checks the alarm there, and names the account in the report', async () => {
    process.env.DRY_RUN = 'true';
    happyPath(aws.mocks, { alarms: [memberAlarm], metricDatapoints: breachingDatapoints });
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });

    const results = await handler(forwardedAlarm);

    expect(results).toEqual([expect.objectContaining({ instanceId: recordedInstanceId, outcome: 'dry-run' })]);
    const assumed = hub.sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input);
    expect(assumed).toEqual([
      {
        RoleArn: `arn:aws:iam::222222222222:role/${roleName}`,
        RoleSessionName: 'instance-quarantine-c4c1c1c9-6542-e61b-6ef0-8c4d36933a92',
        DurationSeconds: 900,
      },
    ]);
    // The alarm is checked, and the instance described, in the member's account and region.
    expect(await clientOf(aws.mocks.cloudwatch.commandCalls(DescribeAlarmsCommand)[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'ASIAEXAMPLEMEMBER000' });
    expect(await clientOf(aws.mocks.ec2.commandCalls(DescribeInstancesCommand)[0])).toEqual({ region: 'eu-west-1', accessKeyId: 'ASIAEXAMPLEMEMBER000' });
    const [report] = publishedMessages();
    expect(report.Subject).toBe(`[DRY RUN: would quarantine] ${recordedInstanceId} in 222222222222 (production)/eu-west-1 (alarm)`);
    expect(report.Message).toContain('region eu-west-1');
  });

  it("attaches the member's own deny policy with member credentials, and keeps the record in the hub's table under the member's key", async () => {
    happyPath(aws.mocks);
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });

    await handler({ action: 'quarantine', instanceId: recordedInstanceId, accountId: '222222222222', region: 'eu-west-1' });

    const attach = aws.mocks.iam.commandCalls(AttachRolePolicyCommand);
    expect(attach.map((call) => call.args[0].input)).toEqual([{ RoleName: 'ec2-default-role', PolicyArn: `arn:aws:iam::222222222222:policy/${policyName}` }]);
    expect((await clientOf(attach[0])).accessKeyId).toBe('ASIAEXAMPLEMEMBER000');
    // Role names repeat across accounts: the hub's items carry the member.
    expect(await aws.table.item(`instance#222222222222/eu-west-1/${recordedInstanceId}`)).toBeDefined();
    expect(await aws.table.item(`role#222222222222/ec2-default-role`)).toBeDefined();
    expect(await aws.table.record(recordedInstanceId)).toBeUndefined();
    // The report goes out on the hub's topic with the hub's own credentials.
    expect((await clientOf(aws.mocks.sns.commandCalls(PublishCommand)[0])).accessKeyId).not.toBe('ASIAEXAMPLEMEMBER000');
  });

  it('isolates without the allow-all step: no rule added, every interface moved only into the verified isolation group, and the report says open connections may last', async () => {
    happyPath(aws.mocks);
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });

    const [result] = await handler({ action: 'quarantine', instanceId: recordedInstanceId, accountId: '222222222222', region: 'eu-west-1' });

    expect(result).toEqual(expect.objectContaining({ outcome: 'contained' }));
    // The member role holds no Authorize call (modules/instance-quarantine/permissions.ts, isolationOnlyStatements).
    expect(aws.mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand)).toHaveLength(0);
    expect(aws.mocks.ec2.commandCalls(AuthorizeSecurityGroupEgressCommand)).toHaveLength(0);
    expect(aws.mocks.ec2.commandCalls(DeleteSecurityGroupCommand)).toHaveLength(0);
    const created = aws.mocks.ec2.commandCalls(CreateSecurityGroupCommand).map((call) => call.args[0].input.GroupName);
    expect(created).toEqual(['guards-quarantine-isolation']);
    const isolationId = (await aws.mocks.ec2.commandCalls(CreateSecurityGroupCommand)[0].returnValue).GroupId;
    // The new group's default egress is revoked: it has no rule at all.
    expect(aws.mocks.ec2.commandCalls(RevokeSecurityGroupEgressCommand).map((call) => call.args[0].input.GroupId)).toEqual([isolationId]);
    const moves = aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((call) => call.args[0].input.Groups);
    expect(moves.length).toBeGreaterThan(0);
    expect(moves.every((groups) => groups?.length === 1 && groups[0] === isolationId)).toBe(true);
    const isolate = result.steps.find((step) => step.step === 'isolate-network')!;
    expect(isolate.status).toBe('done');
    expect(isolate.detail).toContain('hub mode: no allow-all step, so connections open before the move may last until they close');
  });

  it('leaves an interface whose move to isolation fails in its own groups (no move back, no other group) and fails the step', async () => {
    happyPath(aws.mocks);
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
    aws.mocks.ec2.on(ModifyNetworkInterfaceAttributeCommand).rejects(sdkError('ec2', 'InvalidGroup.NotFound', "The security group 'sg-x' does not exist", 400));

    await expect(handler({ action: 'quarantine', instanceId: recordedInstanceId, accountId: '222222222222', region: 'eu-west-1' })).rejects.toThrow();

    const moves = aws.mocks.ec2.commandCalls(ModifyNetworkInterfaceAttributeCommand).map((call) => call.args[0].input.Groups);
    const isolationId = (await aws.mocks.ec2.commandCalls(CreateSecurityGroupCommand)[0].returnValue).GroupId;
    // Two tries into isolation per interface, nothing else.
    expect(moves.every((groups) => groups?.length === 1 && groups[0] === isolationId)).toBe(true);
    const [report] = publishedMessages();
    expect(report.Message).toMatch(/NOT ISOLATED \(.*\); still in its own groups/);
  });

  it('refuses a forged alarm event: the alarm in the member is not in ALARM, nothing is changed', async () => {
    happyPath(aws.mocks, { alarms: [{ ...memberAlarm, StateValue: 'OK' }] });
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });

    const [result] = await handler(forwardedAlarm);

    expect(result).toEqual(expect.objectContaining({ outcome: 'refused' }));
    expect(aws.mocks.ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(0);
    expect(publishedMessages()[0].Subject).toBe(`[REFUSED: unverified trigger] ${recordedInstanceId} in 222222222222 (production)/eu-west-1 (alarm)`);
  });

  it('refuses an event from an account the hub does not serve: no role assumed, an alert, and the invocation fails', async () => {
    happyPath(aws.mocks);
    const stranger = { ...forwardedAlarm, account: '999999999999' };

    await expect(handler(stranger)).rejects.toBeInstanceOf(UnknownAccountError);

    expect(hub.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(aws.mocks.ec2.calls()).toHaveLength(0);
    expect(aws.mocks.cloudwatch.calls()).toHaveLength(0);
    const [alert] = publishedMessages();
    expect(alert.Subject).toBe(`[QUARANTINE NOT DONE] ${recordedInstanceId} in 999999999999/eu-west-1: UnknownAccountError`);
    expect(alert.Message).toContain('account 999999999999 is not one of the accounts this hub serves');
  });

  it('reports AccessDenied from STS with the role it tried, and fails so the event stays in the failure queue', async () => {
    happyPath(aws.mocks);
    hub.sts.on(AssumeRoleCommand).rejects(accessDenied());

    const invocation = handler(forwardedAlarm);

    await expect(invocation).rejects.toBeInstanceOf(RemoteRoleError);
    await expect(invocation).rejects.toThrow(`cannot assume arn:aws:iam::222222222222:role/${roleName}: AccessDenied: User:`);
    expect(aws.mocks.ec2.calls()).toHaveLength(0);
    const [alert] = publishedMessages();
    expect(alert.Subject).toBe(`[QUARANTINE NOT DONE] ${recordedInstanceId} in 222222222222 (production)/eu-west-1: RemoteRoleError`);
    expect(alert.Message).toContain("Check the member's remediation role");
    expect(alert.Message).toContain('contain the instance by hand now');
  });

  it('reports a member whose remediation role is missing (STS answers as for a refused trust)', async () => {
    happyPath(aws.mocks);
    // STS does not reveal whether the role exists: a missing role is refused like any other.
    hub.sts.on(AssumeRoleCommand).rejects(accessDenied());

    await expect(handler({ action: 'quarantine', instanceId: recordedInstanceId, accountId: '222222222222', region: 'eu-west-1' })).rejects.toBeInstanceOf(
      RemoteRoleError,
    );
    expect(aws.mocks.ec2.calls()).toHaveLength(0);
    expect(publishedMessages()).toHaveLength(1);
    expect(await aws.table.record(recordedInstanceId)).toBeUndefined();
  });

  it("refuses a member's alarm for an instance that alarmInstances names only for another account (an account's alarm never vouches for another's)", async () => {
    happyPath(aws.mocks, { alarms: [memberAlarm], metricDatapoints: breachingDatapoints });
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
    // The directory lists the instance for the hub account only, not for the member that forwarded the alarm.
    await hub.writeDirectory({ alarmedInstances: { '111111111111': [recordedInstanceId] } });
    const [result] = await handler(forwardedAlarm);
    expect(result).toMatchObject({ outcome: 'refused', reason: expect.stringContaining('is not a configured alarm of this account') });
    expect(aws.mocks.ec2.calls()).toHaveLength(0);
  });

  it('takes a GuardDuty finding on a delegated administrator bus to the member and region the finding names', async () => {
    process.env.DRY_RUN = 'true';
    happyPath(aws.mocks);
    hub.sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
    const finding = {
      version: '0',
      id: 'a1b2c3d4-0000-4000-8000-000000000001',
      'detail-type': 'GuardDuty Finding',
      source: 'aws.guardduty',
      account: '111111111111',
      region: 'us-east-1',
      detail: {
        id: 'finding-1',
        type: 'Backdoor:EC2/C&CActivity.B',
        severity: 8,
        accountId: '222222222222',
        region: 'eu-west-1',
        resource: { resourceType: 'Instance', instanceDetails: { instanceId: recordedInstanceId } },
      },
    };

    await handler(finding);

    expect(hub.sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe(`arn:aws:iam::222222222222:role/${roleName}`);
    expect((await clientOf(aws.mocks.ec2.commandCalls(DescribeInstancesCommand)[0])).region).toBe('eu-west-1');
  });

  it('refuses a manual invocation that names no member account in hub mode, with an alert', async () => {
    happyPath(aws.mocks);

    await expect(handler({ action: 'quarantine', instanceId: recordedInstanceId })).rejects.toThrow(/names no member account and region/);
    expect(hub.sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
    expect(aws.mocks.ec2.calls()).toHaveLength(0);
    expect(publishedMessages()[0].Subject).toContain('in an unnamed account');
  });

  it('acts with its own credentials when no remediation role is configured (standalone mode)', async () => {
    delete process.env.REMOTE_ROLE_NAME;
    process.env.DRY_RUN = 'true';
    happyPath(aws.mocks);

    await handler({ action: 'quarantine', instanceId: recordedInstanceId });

    expect(hub.sts.calls()).toHaveLength(0);
    expect(aws.mocks.ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(1);
  });
});
