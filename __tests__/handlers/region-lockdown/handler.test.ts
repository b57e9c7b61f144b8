import {
  GetAccountAuthorizationDetailsCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  PutUserPolicyCommand,
  User,
  UserDetail,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
// Brings the toHaveReceivedCommand* matchers' types into the type check (jest.config sets them up).
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../handlers/region-lockdown/index';
import { regionDenyPolicyJson } from '../../../handlers/region-lockdown/region-deny-policy';
import { LockdownIncompleteError, UserPolicyQuotaError } from '../../../handlers/region-lockdown/region-lockdown-errors';
import { recordedResponse } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';
import { createUserEvent, deleteUserPolicyEvent, putUserPolicyEvent, scheduledEvent } from './cloudtrail-events';

const iam = mockClient(IAMClient);
const sns = mockClient(SNSClient);

const policyName = 'guards-region-lockdown';
const denyJson = regionDenyPolicyJson({ allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'ec2-changes' });
/** IAM returns policy documents URL-encoded. */
const asIamReturnsIt = (json: string) => encodeURIComponent(json);
const replacedDocument = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeRegions","Resource":"*"}]}';

/** The recorded GetUser response (Cloud Custodian), as the user of the event. */
function recordedUser(changes: Partial<User> = {}): { User: User } {
  const recorded = recordedResponse<{ User: User }>('test_iam_user_usage__iam.GetUser_1.json');
  return { User: { ...recorded.User, UserName: 'new-user', Arn: 'arn:aws:iam::123456789012:user/new-user', ...changes } };
}

function published(): { Subject?: string; Message?: string }[] {
  return sns.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

beforeEach(() => {
  iam.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: '1' });
  iam.on(PutUserPolicyCommand).resolves({});
  Object.assign(process.env, {
    ALLOWED_REGIONS: 'us-east-1,eu-west-1',
    SCOPE: 'ec2-changes',
    POLICY_NAME: policyName,
    EXEMPT_PATH_PREFIXES: '/break-glass/',
    EXEMPT_TAG_KEY: 'guards:region-lockdown-exempt',
    ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:guards-alerts',
    GUARD_ROLE_NAME: 'guards-region-lockdown',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  delete process.env.DRY_RUN;
});

describe('a new user (CloudTrail CreateUser)', () => {
  it('gets the region deny, built from the environment by the shared builder, and no alert', async () => {
    iam.on(GetUserCommand).resolves(recordedUser());
    iam.on(GetUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'The user policy with name guards-region-lockdown cannot be found.'));

    const result = await handler(createUserEvent());

    expect(result).toMatchObject({ kind: 'user', userName: 'new-user', trigger: 'user-created', outcome: 'applied' });
    expect(iam).toHaveReceivedCommandWith(GetUserCommand, { UserName: 'new-user' });
    expect(iam).toHaveReceivedCommandWith(GetUserPolicyCommand, { UserName: 'new-user', PolicyName: policyName });
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 1);
    expect(iam).toHaveReceivedCommandWith(PutUserPolicyCommand, { UserName: 'new-user', PolicyName: policyName, PolicyDocument: denyJson });
    expect(published()).toEqual([]);
  });

  it('is left alone when exempt by path or by tag', async () => {
    iam.on(GetUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'not found'));
    iam.on(GetUserCommand).resolves(recordedUser({ Path: '/break-glass/' }));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'exempt', reason: 'exempt: path /break-glass/ is under the exempt path /break-glass/' });
    iam.on(GetUserCommand).resolves(recordedUser({ Tags: [{ Key: 'guards:region-lockdown-exempt', Value: 'ci-runner' }] }));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'exempt', reason: 'exempt: tag guards:region-lockdown-exempt=ci-runner' });
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
    expect(published()).toEqual([]);
  });

  it('is skipped when it was deleted before the guard got to it', async () => {
    iam.on(GetUserCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'The user with name new-user cannot be found.'));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'user-gone' });
    expect(iam).toHaveReceivedCommandTimes(GetUserPolicyCommand, 0);
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
  });

  it('reports, and fails the invocation, when IAM refuses the deny because the user\'s inline policies are full', async () => {
    iam.on(GetUserCommand).resolves(recordedUser());
    iam.on(GetUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'not found'));
    iam.on(PutUserPolicyCommand).rejects(sdkError('iam', 'LimitExceededException', 'Maximum policy size of 2048 bytes exceeded for user new-user'));

    await expect(handler(createUserEvent())).rejects.toThrow(UserPolicyQuotaError);
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown NOT applied to IAM user new-user');
    expect(alert.Message).toContain('the user\'s inline policies would then exceed 2048 characters in all. Move the user\'s other inline policies to managed policies or groups.');
  });

  it('in a dry run, reports what it would put and changes nothing', async () => {
    process.env.DRY_RUN = 'true';
    iam.on(GetUserCommand).resolves(recordedUser());
    iam.on(GetUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'not found'));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'dry-run' });
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
    expect(published()[0].Subject).toBe('[dry run] Region lockdown would be put on IAM user new-user');
  });

  it('ignores a failed CreateUser without any AWS call', async () => {
    expect(await handler(createUserEvent({ errorCode: 'AccessDenied' }))).toEqual({ kind: 'ignored', reason: 'CreateUser failed (AccessDenied): nothing changed' });
    expect(iam.calls()).toHaveLength(0);
  });
});

describe('a deny that was deleted or replaced', () => {
  beforeEach(() => {
    iam.on(GetUserCommand).resolves(recordedUser());
  });

  it('is put back after DeleteUserPolicy, with an alert that names who deleted it', async () => {
    iam.on(GetUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'not found'));

    const result = await handler(deleteUserPolicyEvent());

    expect(result).toMatchObject({ outcome: 'restored', trigger: 'policy-deleted' });
    expect(iam).toHaveReceivedCommandWith(PutUserPolicyCommand, { UserName: 'new-user', PolicyName: policyName, PolicyDocument: denyJson });
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown restored on IAM user new-user');
    expect(alert.Message).toContain('arn:aws:iam::123456789012:user/new-user deleted the region deny (guards-region-lockdown) at 2026-03-02T04:05:06Z');
    expect(alert.Message).toContain('The deny: ec2-changes outside us-east-1, eu-west-1');
  });

  it('is put back after PutUserPolicy replaced it with something else', async () => {
    iam.on(GetUserPolicyCommand).resolves({ UserName: 'new-user', PolicyName: policyName, PolicyDocument: asIamReturnsIt(replacedDocument) });
    expect(await handler(putUserPolicyEvent())).toMatchObject({ outcome: 'restored', trigger: 'policy-replaced' });
    expect(iam).toHaveReceivedCommandWith(PutUserPolicyCommand, { PolicyDocument: denyJson });
  });

  it('is left alone when it is already back in place (an event that arrives late): idempotent', async () => {
    iam.on(GetUserPolicyCommand).resolves({ UserName: 'new-user', PolicyName: policyName, PolicyDocument: asIamReturnsIt(denyJson) });
    expect(await handler(deleteUserPolicyEvent())).toMatchObject({ outcome: 'in-place' });
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
    expect(published()).toEqual([]);
  });

  it('is not put back on an exempt user, but the removal is reported', async () => {
    iam.on(GetUserCommand).resolves(recordedUser({ Tags: [{ Key: 'guards:region-lockdown-exempt', Value: 'true' }] }));
    iam.on(GetUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'not found'));
    expect(await handler(deleteUserPolicyEvent())).toMatchObject({ outcome: 'exempt' });
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
    expect(published()[0].Subject).toBe('Region lockdown removed from exempt IAM user new-user');
  });

  it('does not react to its own PutUserPolicy (no loop, no AWS call)', async () => {
    const ownCall = putUserPolicyEvent({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/guards-region-lockdown/guards-region-lockdown' } });
    expect(await handler(ownCall)).toMatchObject({ kind: 'ignored' });
    expect(iam.calls()).toHaveLength(0);
  });
});

describe('the reconciliation (backfill)', () => {
  const detail = (name: string, changes: Partial<UserDetail> = {}): UserDetail => ({
    UserName: name,
    UserId: `AIDA${name.toUpperCase().replace(/-/g, '')}`,
    Path: '/',
    Arn: `arn:aws:iam::123456789012:user/${name}`,
    CreateDate: new Date('2024-01-01T00:00:00Z'),
    UserPolicyList: [],
    Tags: [],
    ...changes,
  });
  const withDeny = { UserPolicyList: [{ PolicyName: policyName, PolicyDocument: asIamReturnsIt(denyJson) }] };
  const pages = () => [
    {
      UserDetailList: [
        detail('old-admin', { UserPolicyList: [{ PolicyName: 'team-s3', PolicyDocument: asIamReturnsIt('{"Version":"2012-10-17","Statement":[]}') }] }),
        detail('already-locked', withDeny),
        detail('break-glass', { Path: '/break-glass/' }),
      ],
      IsTruncated: true,
      Marker: 'page-2',
    },
    {
      UserDetailList: [
        detail('tampered', { UserPolicyList: [{ PolicyName: policyName, PolicyDocument: asIamReturnsIt(replacedDocument) }] }),
        detail('ci', { Tags: [{ Key: 'guards:region-lockdown-exempt', Value: 'true' }] }),
      ],
      IsTruncated: true,
      Marker: 'page-3',
    },
    { UserDetailList: [detail('last-page-user')], IsTruncated: false },
  ];

  function mockPages(list: ReturnType<typeof pages>): void {
    iam.on(GetAccountAuthorizationDetailsCommand, { Marker: undefined }).resolves(list[0]);
    iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'page-2' }).resolves(list[1]);
    iam.on(GetAccountAuthorizationDetailsCommand, { Marker: 'page-3' }).resolves(list[2]);
  }

  it('reads every page and puts the deny on each user that lacks it, skipping exempt users and those that hold it', async () => {
    mockPages(pages());

    const result = await handler(scheduledEvent);

    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand).map((call) => call.args[0].input)).toEqual([
      { Filter: ['User'], MaxItems: 1000, Marker: undefined },
      { Filter: ['User'], MaxItems: 1000, Marker: 'page-2' },
      { Filter: ['User'], MaxItems: 1000, Marker: 'page-3' },
    ]);
    expect(iam.commandCalls(PutUserPolicyCommand).map((call) => call.args[0].input)).toEqual(
      ['old-admin', 'tampered', 'last-page-user'].map((UserName) => ({ UserName, PolicyName: policyName, PolicyDocument: denyJson })),
    );
    expect(result).toEqual({
      kind: 'reconcile',
      usersSeen: 6,
      put: ['old-admin', 'tampered', 'last-page-user'],
      exempt: ['break-glass', 'ci'],
      inPlace: 1,
      failed: [],
      dryRun: false,
      stoppedEarly: false,
    });
    // One page read per 1,000 users and one call per user that needed the deny: nothing per user otherwise.
    expect(iam).toHaveReceivedCommandTimes(GetUserCommand, 0);
    expect(iam).toHaveReceivedCommandTimes(GetUserPolicyCommand, 0);
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown reconciliation: put on 3 user(s)');
    expect(alert.Message).toContain('Users seen: 6; already holding the deny: 1; exempt: 2');
  });

  it('changes nothing, and says nothing, when run again over users that all hold the deny', async () => {
    const locked = pages().map((page) => ({
      ...page,
      UserDetailList: page.UserDetailList.map((user) => (user.Path === '/' && !user.Tags?.length ? { ...user, ...withDeny } : user)),
    }));
    mockPages(locked);
    expect(await handler({ action: 'reconcile' })).toMatchObject({ put: [], inPlace: 4, exempt: ['break-glass', 'ci'], failed: [] });
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
    expect(published()).toEqual([]);
  });

  it('goes on past a user it cannot lock, reports every failure, then fails the invocation', async () => {
    mockPages(pages());
    iam.on(PutUserPolicyCommand, { UserName: 'tampered' }).rejects(sdkError('iam', 'LimitExceededException', 'Maximum policy size of 2048 bytes exceeded'));

    await expect(handler(scheduledEvent)).rejects.toThrow(LockdownIncompleteError);
    expect(iam.commandCalls(PutUserPolicyCommand).map((call) => call.args[0].input.UserName)).toEqual(['old-admin', 'tampered', 'last-page-user']);
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown reconciliation: 1 user(s) FAILED');
    expect(alert.Message).toContain('- tampered: IAM refused the region deny');
  });

  it('in a dry run, lists the users it would lock and changes nothing', async () => {
    process.env.DRY_RUN = 'true';
    mockPages(pages());
    expect(await handler(scheduledEvent)).toMatchObject({ put: ['old-admin', 'tampered', 'last-page-user'], dryRun: true });
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
    expect(published()[0].Subject).toBe('[dry run] Region lockdown reconciliation: would put on 3 user(s)');
  });

  it('stops putting before the function times out, and reports that the next run goes on', async () => {
    mockPages(pages());
    const result = await handler(scheduledEvent, { getRemainingTimeInMillis: () => 5_000 });
    expect(result).toMatchObject({ stoppedEarly: true, put: [] });
    expect(iam).toHaveReceivedCommandTimes(PutUserPolicyCommand, 0);
    expect(published()[0].Message).toContain('the users left get the deny at the next run');
  });
});

describe('the function\'s environment', () => {
  it.each([
    ['SCOPE', 'everything', 'SCOPE environment variable must be one of ec2-changes, all-regional, not "everything"'],
    ['ALLOWED_REGIONS', 'eu-west-1,europe', 'ALLOWED_REGIONS environment variable must be a comma-separated list of region codes'],
    ['EXEMPT_PATH_PREFIXES', 'break-glass/', 'EXEMPT_PATH_PREFIXES environment variable: break-glass/ is not an IAM path'],
    ['POLICY_NAME', '', 'POLICY_NAME environment variable is not set'],
  ])('refuses a bad %s, naming it', async (name, value, message) => {
    process.env[name] = value;
    await expect(handler(scheduledEvent)).rejects.toThrow(message);
    expect(iam.calls()).toHaveLength(0);
  });

  it('refuses regions and scope whose deny would not fit in a user\'s inline policies', async () => {
    process.env.SCOPE = 'all-regional';
    process.env.ALLOWED_REGIONS = 'us-east-1,us-east-2,us-west-1,us-west-2,eu-west-1,eu-west-2,eu-west-3,eu-central-1,eu-north-1,ap-southeast-1';
    await expect(handler(scheduledEvent)).rejects.toThrow(/^ALLOWED_REGIONS and SCOPE environment variables: the all-regional deny for 10 allowed regions is \d+ characters/);
  });
});
