/**
 * Hub mode: the exposed-ports and inactive-user organization rules evaluate and report in the
 * member account the invocation names, through its read-only role. AWS clients are stubbed for
 * fault injection (STS refusals), with errors shaped like the SDK's.
 */
import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { GetUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { RemoteRoleError } from '../../../handlers/common/member-accounts';
import { InvalidConfigEventError } from '../../../handlers/config-rule/config-rule-errors';
import { handler as exposedPortsHandler } from '../../../handlers/exposed-ports-rule/index';
import { handler as inactiveUserHandler } from '../../../handlers/inactive-user-rule/index';
import { changeNotification, configEvent } from '../../helpers/config-rule-events';
import { useMemberDirectoryOnMoto } from '../../helpers/member-directory';
import { sdkError } from '../../helpers/sdk-errors';

const sts = mockClient(STSClient);
const config = mockClient(ConfigServiceClient);
const ec2 = mockClient(EC2Client);
const iam = mockClient(IAMClient);

const member = '222222222222';
const roleName = 'guards-exposed-ports-rule-remediation-eu-west-1';
const assumed = {
  AccessKeyId: 'ASIAMEMBER0000000000',
  SecretAccessKey: 'member-secret',
  SessionToken: 'member-token',
  Expiration: new Date('2026-11-26T18:00:00Z'),
};
const savedEnv = { ...process.env };

const directory = useMemberDirectoryOnMoto();

beforeEach(async () => {
  for (const stub of [sts, config, ec2, iam]) stub.reset();
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });
  process.env.REMOTE_ROLE_NAME = roleName;
  process.env.ALERT_TOPIC_ARN = 'arn:aws:sns:eu-west-1:333333333333:guards-alerts';
  process.env.AWS_REGION = 'eu-west-1';
  await directory.write({ [member]: 'production', '333333333333': 'security' });
});

afterAll(() => {
  process.env = savedEnv;
});

/** A real security group's change notification, as the organization rule delivers it for `accountId`. */
function memberInvocation(accountId: string | undefined): Record<string, unknown> {
  const event = changeNotification(configEvent('config-item-security-group.json'), { ruleParameters: { forbiddenPorts: '22' } });
  if (accountId === undefined) {
    const { accountId: _dropped, ...rest } = event;
    return rest;
  }
  // An organization rule's copy lives in the member: its ARN names the member's account.
  return { ...event, accountId, configRuleArn: `arn:aws:config:eu-west-1:${accountId}:config-rule/config-rule-abc123` };
}

/** The credentials of the client that sent each call, resolved as the SDK resolves them. */
async function credentialsOfCalls(calls: { thisValue: unknown }[]): Promise<string[]> {
  return Promise.all(
    calls.map(async (call) => {
      const client = call.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }> } };
      return (await client.config.credentials()).accessKeyId;
    }),
  );
}

describe('Config rules in hub mode: the member account of the invocation', () => {
  it("assumes the member's read-only role and reports the evaluation with the member's credentials", async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: assumed });

    const summary = await exposedPortsHandler(memberInvocation(member));

    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    expect(sts).toHaveReceivedCommandWith(AssumeRoleCommand, {
      RoleArn: `arn:aws:iam::${member}:role/${roleName}`,
      RoleSessionName: 'exposed-ports-rule-change',
    });
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, {
      ResultToken: 'test-result-token',
      Evaluations: [expect.objectContaining({ ComplianceResourceId: 'sg-1d56fc66', ComplianceType: 'NON_COMPLIANT' })],
    });
    // Config's result token belongs to the member's rule: the report goes out under the member's role.
    await expect(credentialsOfCalls(config.commandCalls(PutEvaluationsCommand))).resolves.toEqual([assumed.AccessKeyId]);
    expect(summary).toMatchObject({ trigger: 'change', evaluations: 1 });
  });

  it('reads the IAM user of a change in the member account too (inactive-user rule)', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: assumed });
    const user = {
      UserName: 'alice',
      UserId: 'AIDAEXAMPLE00000001',
      Arn: `arn:aws:iam::${member}:user/alice`,
      Path: '/',
      CreateDate: new Date('2020-01-01T00:00:00Z'),
    };
    iam.on(GetUserCommand).resolves({ User: user });
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [] });
    const event = {
      ...changeNotification(
        {
          configurationItemVersion: '1.3',
          configurationItemCaptureTime: '2024-03-01T12:00:00.000Z',
          configurationItemStatus: 'OK',
          resourceType: 'AWS::IAM::User',
          resourceId: user.UserId,
          resourceName: 'alice',
          awsRegion: 'global',
          awsAccountId: member,
          configuration: { userName: 'alice', userId: user.UserId, arn: user.Arn, createDate: '2020-01-01T00:00:00Z' },
        },
        { ruleParameters: { maxInactiveDays: 90 } },
      ),
      accountId: member,
      configRuleArn: `arn:aws:config:eu-west-1:${member}:config-rule/config-rule-abc123`,
    };

    await inactiveUserHandler(event);

    await expect(credentialsOfCalls(iam.commandCalls(GetUserCommand))).resolves.toEqual([assumed.AccessKeyId]);
    await expect(credentialsOfCalls(config.commandCalls(PutEvaluationsCommand))).resolves.toEqual([assumed.AccessKeyId]);
  });

  it('drops an invocation for an account the hub does not serve, before any AWS call and without failing (the failure queue stays empty)', async () => {
    await expect(exposedPortsHandler(memberInvocation('444444444444'))).resolves.toMatchObject({ trigger: 'dropped', evaluations: 0 });
    expect(sts.calls()).toHaveLength(0);
    expect(config.calls()).toHaveLength(0);
  });

  it.each([
    ['a rule of another account than the event names', { configRuleArn: 'arn:aws:config:eu-west-1:444444444444:config-rule/config-rule-abc123' }],
    ['a rule of another region', { configRuleArn: `arn:aws:config:us-east-1:${member}:config-rule/config-rule-abc123` }],
    ['no rule ARN', { configRuleArn: undefined }],
    ["another rule than the guard's", { configRuleName: 'OrgConfigRule-someone-else-x1y2' }],
  ])('drops %s without failing', async (_case, change) => {
    process.env.CONFIG_RULE_NAME = 'guards-exposed-ports';
    try {
      await expect(exposedPortsHandler({ ...memberInvocation(member), ...change })).resolves.toMatchObject({ trigger: 'dropped' });
    } finally {
      delete process.env.CONFIG_RULE_NAME;
    }
    expect(sts.calls()).toHaveLength(0);
    expect(config.calls()).toHaveLength(0);
  });

  it("evaluates the member's copy of the organization rule (OrgConfigRule-<name>-<suffix>)", async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: assumed });
    process.env.CONFIG_RULE_NAME = 'guards-exposed-ports';
    try {
      await exposedPortsHandler({ ...memberInvocation(member), configRuleName: 'OrgConfigRule-guards-exposed-ports-ab12cd34' });
    } finally {
      delete process.env.CONFIG_RULE_NAME;
    }
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
  });

  it('names the missing accountId field of an invocation', async () => {
    const failure = exposedPortsHandler(memberInvocation(undefined));
    await expect(failure).rejects.toThrow(InvalidConfigEventError);
    await expect(failure).rejects.toThrow('event.accountId is missing');
    expect(sts.calls()).toHaveLength(0);
  });

  it('fails with the role ARN and the STS error when the role is missing (STS answers AccessDenied), reporting nothing', async () => {
    // STS does not say whether a role exists: a missing role and a refused trust both answer AccessDenied.
    sts
      .on(AssumeRoleCommand)
      .rejects(
        sdkError(
          'sts',
          'AccessDenied',
          `User: arn:aws:sts::333333333333:assumed-role/guards-exposed-ports-rule/x is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${member}:role/${roleName}`,
          403,
        ),
      );

    const failure = exposedPortsHandler(memberInvocation(member));

    await expect(failure).rejects.toThrow(RemoteRoleError);
    await expect(failure).rejects.toThrow(`cannot assume arn:aws:iam::${member}:role/${roleName}: AccessDenied: User:`);
    expect(config.calls()).toHaveLength(0);
    expect(ec2.calls()).toHaveLength(0);
  });

  it("keeps the standalone path on the function's own credentials (no role name set)", async () => {
    delete process.env.REMOTE_ROLE_NAME;
    await exposedPortsHandler(memberInvocation(member));
    expect(sts.calls()).toHaveLength(0);
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
  });
});
