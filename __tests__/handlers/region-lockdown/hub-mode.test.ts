/**
 * Hub mode of the region-lockdown function: it acts in the member the event names (the forwarded
 * CloudTrail call's or the tick's `account`), through that member's remediation role, on that
 * member's copy of the deny policy; it refuses accounts the hub does not serve, and reports a role
 * it cannot assume. STS and IAM are stubbed (fault injection), with SDK-shaped errors.
 */
import {
  AttachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  User,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../handlers/region-lockdown/index';
import { RemoteRoleError, UnknownAccountError } from '../../../handlers/common/member-accounts';
import { InvalidEventError } from '../../../handlers/common/errors';
import { recordedResponse } from '../../helpers/fixtures';
import { useMemberDirectoryOnMoto } from '../../helpers/member-directory';
import { sdkError } from '../../helpers/sdk-errors';
import { createUserEvent, detachUserPolicyEvent, scheduledEvent } from './cloudtrail-events';
import { emailView } from '../../helpers/published-alert';

const iam = mockClient(IAMClient);
const sns = mockClient(SNSClient);
const sts = mockClient(STSClient);

const member = '222222222222';
const roleName = 'guards-region-lockdown-remediation-us-east-1';
const policyName = 'guards-region-lockdown-us-east-1';
const memberDenyArn = `arn:aws:iam::${member}:policy/${policyName}`;
const credentials = {
  AccessKeyId: 'ASIAEXAMPLEMEMBER000',
  SecretAccessKey: 'member-secret',
  SessionToken: 'member-token',
  Expiration: new Date('2026-11-26T18:00:00Z'),
};

/** The real CreateUser record, as the member's rule forwards it (the envelope's account is the member). */
const forwardedCreateUser = () => ({ ...createUserEvent({ recipientAccountId: member }), account: member });
const forwardedDetach = () => ({
  ...detachUserPolicyEvent({ recipientAccountId: member, requestParameters: { userName: 'new-user', policyArn: memberDenyArn } }),
  account: member,
});
const memberTick = { ...scheduledEvent, account: member, resources: [`arn:aws:events:us-east-1:${member}:rule/guards-region-lockdown-reconcile`] };

function recordedUser(): { User: User } {
  const recorded = recordedResponse<{ User: User }>('test_iam_user_usage__iam.GetUser_1.json');
  return { User: { ...recorded.User, UserName: 'new-user', Arn: `arn:aws:iam::${member}:user/new-user` } };
}

function published(): { Subject?: string; Message?: string }[] {
  return sns.commandCalls(PublishCommand).map((call) => emailView(call.args[0].input));
}

/** The access key a client that sent a command was configured with. */
async function accessKeyOf(call: { thisValue: unknown }): Promise<string> {
  const config = (call.thisValue as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config;
  return (await config.credentials()).accessKeyId;
}

const directory = useMemberDirectoryOnMoto();

beforeEach(async () => {
  iam.reset();
  sns.reset();
  sts.reset();
  sns.on(PublishCommand).resolves({ MessageId: '1' });
  sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
  iam.on(AttachUserPolicyCommand).resolves({});
  iam.on(GetUserCommand).resolves(recordedUser());
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  Object.assign(process.env, {
    ALLOWED_REGIONS: 'us-east-1,eu-west-1',
    SCOPE: 'ec2-changes',
    DENY_POLICY_NAME: policyName,
    REMOTE_ROLE_NAME: roleName,
    EXEMPT_PATH_PREFIXES: '/break-glass/',
    EXEMPT_TAG_KEY: 'guards:region-lockdown-exempt',
    ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:111111111111:guards-alerts',
    // Lambda sets it: the function runs in the hub's home region, where its member directory is.
    AWS_REGION: 'us-east-1',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_SERVICE_NAME: 'region-lockdown',
    DRY_RUN: 'false',
  });
  delete process.env.POLICY_ARNS;
  await directory.write({ '111111111111': 'security-tooling', [member]: 'production' });
});

afterAll(() => {
  for (const name of ['DENY_POLICY_NAME', 'REMOTE_ROLE_NAME']) delete process.env[name];
});

describe('a forwarded CreateUser of a member', () => {
  it("attaches the member's own deny through the member's role, in a session named after the guard and event", async () => {
    const result = await handler(forwardedCreateUser());
    expect(result).toMatchObject({ kind: 'user', userName: 'new-user', outcome: 'applied' });
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 1);
    const assumed = sts.commandCalls(AssumeRoleCommand)[0].args[0].input;
    expect(assumed.RoleArn).toBe(`arn:aws:iam::${member}:role/${roleName}`);
    const cloudTrailEventId = (createUserEvent().detail as { eventID: string }).eventID;
    expect(assumed.RoleSessionName).toBe(`region-lockdown-${cloudTrailEventId}`.slice(0, 64));
    expect(iam).toHaveReceivedCommandWith(AttachUserPolicyCommand, { UserName: 'new-user', PolicyArn: memberDenyArn });
    // Every IAM call went with the member role's credentials, none with the hub function's own.
    for (const call of iam.calls()) expect(await accessKeyOf(call)).toBe(credentials.AccessKeyId);
  });
});

describe('a forwarded DetachUserPolicy of the member deny', () => {
  it('attaches it again and names the member account (id and name) and region in the alert', async () => {
    const result = await handler(forwardedDetach());
    expect(result).toMatchObject({ outcome: 'restored' });
    expect(iam).toHaveReceivedCommandWith(AttachUserPolicyCommand, { UserName: 'new-user', PolicyArn: memberDenyArn });
    const [alert] = published();
    expect(alert.Subject).toContain(`${member} (production)`);
    expect(alert.Message).toMatch(new RegExp(`^Account: ${member} \\(production\\), region us-east-1\\n`));
  });

  it("ignores a detach of another account's policy of the same name (only the member's own is the guard's)", async () => {
    const event = {
      ...detachUserPolicyEvent({ requestParameters: { userName: 'new-user', policyArn: `arn:aws:iam::999999999999:policy/${policyName}` } }),
      account: member,
    };
    expect(await handler(event)).toMatchObject({ kind: 'ignored' });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
  });
});

describe("a member's reconcile tick", () => {
  it('reconciles that member only, through its role', async () => {
    iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      UserDetailList: [{ UserName: 'old-user', Path: '/', Arn: `arn:aws:iam::${member}:user/old-user`, AttachedManagedPolicies: [], Tags: [] }],
      IsTruncated: false,
    });
    const result = await handler(memberTick);
    expect(result).toMatchObject({ kind: 'reconcile', attached: ['old-user'] });
    expect(sts.commandCalls(AssumeRoleCommand)[0].args[0].input.RoleArn).toBe(`arn:aws:iam::${member}:role/${roleName}`);
    expect(iam).toHaveReceivedCommandWith(AttachUserPolicyCommand, { UserName: 'old-user', PolicyArn: memberDenyArn });
    expect(published()[0].Subject).toContain(`${member} (production)`);
  });
});

describe('when the guard cannot act in the member', () => {
  it('refuses an account the hub does not serve: alert, no STS call, the invocation fails', async () => {
    const stranger = { ...forwardedCreateUser(), account: '999999999999' };
    await expect(handler(stranger)).rejects.toBeInstanceOf(UnknownAccountError);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
    expect(iam.calls()).toHaveLength(0);
    const [alert] = published();
    expect(alert.Subject).toBe('[REGION LOCKDOWN NOT DONE] 999999999999: UnknownAccountError');
    expect(alert.Message).toContain('not one the hub serves');
  });

  it('reports AccessDenied from STS (trust changed) and fails, so the event stays in the failure queue', async () => {
    sts
      .on(AssumeRoleCommand)
      .rejects(
        sdkError(
          'sts',
          'AccessDenied',
          `User: arn:aws:sts::111111111111:assumed-role/guards-region-lockdown-us-east-1/guards-region-lockdown is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${member}:role/${roleName}`,
          403,
        ),
      );
    await expect(handler(forwardedCreateUser())).rejects.toBeInstanceOf(RemoteRoleError);
    expect(iam.calls()).toHaveLength(0);
    const [alert] = published();
    expect(alert.Subject).toBe(`[REGION LOCKDOWN NOT DONE] ${member} (production): RemoteRoleError`);
    expect(alert.Message).toContain(`account ${member} (production), region`);
    expect(alert.Message).toContain('AccessDenied');
  });

  it('reports a missing member role (STS refuses it like a changed trust) for a tick too', async () => {
    // STS does not reveal whether the role exists: a missing role is refused with AccessDenied.
    sts
      .on(AssumeRoleCommand)
      .rejects(sdkError('sts', 'AccessDenied', `Not authorized to perform sts:AssumeRole on arn:aws:iam::${member}:role/${roleName}`, 403));
    await expect(handler(memberTick)).rejects.toBeInstanceOf(RemoteRoleError);
    expect(published()[0].Message).toContain("Check the member's region-lockdown remediation role");
  });

  it('refuses a manual reconcile that names no member account, naming the field', async () => {
    await expect(handler({ action: 'reconcile' })).rejects.toThrow(InvalidEventError);
    await expect(handler({ action: 'reconcile' })).rejects.toThrow(/accountId: hub mode needs the member account/);
    expect(sts).toHaveReceivedCommandTimes(AssumeRoleCommand, 0);
  });
});
