import {
  AttachUserPolicyCommand,
  GetAccountAuthorizationDetailsCommand,
  GetUserCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
  User,
  UserDetail,
} from '@aws-sdk/client-iam';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
// Brings the toHaveReceivedCommand* matchers' types into the type check (jest.config sets them up).
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../handlers/region-lockdown/index';
import { DenyAttachError, LockdownIncompleteError } from '../../../handlers/region-lockdown/region-lockdown-errors';
import { recordedResponse } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';
import { createUserEvent, detachUserPolicyEvent, scheduledEvent } from './cloudtrail-events';
import { emailView } from '../../helpers/published-alert';

const iam = mockClient(IAMClient);
const sns = mockClient(SNSClient);

const denyArn = 'arn:aws:iam::123456789012:policy/guards-region-lockdown-us-east-1';
const teamPolicy = { PolicyName: 'team-s3', PolicyArn: 'arn:aws:iam::123456789012:policy/team-s3' };
const denyAttached = { PolicyName: 'guards-region-lockdown-us-east-1', PolicyArn: denyArn };

/** The recorded GetUser response (Cloud Custodian), as the user of the event. */
function recordedUser(changes: Partial<User> = {}): { User: User } {
  const recorded = recordedResponse<{ User: User }>('test_iam_user_usage__iam.GetUser_1.json');
  return { User: { ...recorded.User, UserName: 'new-user', Arn: 'arn:aws:iam::123456789012:user/new-user', ...changes } };
}

function published(): { Subject?: string; Message?: string }[] {
  return sns.commandCalls(PublishCommand).map((call) => emailView(call.args[0].input));
}

beforeEach(() => {
  iam.reset();
  sns.reset();
  sns.on(PublishCommand).resolves({ MessageId: '1' });
  iam.on(AttachUserPolicyCommand).resolves({});
  iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false });
  Object.assign(process.env, {
    ALLOWED_REGIONS: 'us-east-1,eu-west-1',
    SCOPE: 'ec2-changes',
    POLICY_ARNS: denyArn,
    EXEMPT_PATH_PREFIXES: '/break-glass/',
    EXEMPT_TAG_KEY: 'guards:region-lockdown-exempt',
    ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:guards-alerts',
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_SERVICE_NAME: 'region-lockdown',
    DRY_RUN: 'false',
  });
});

describe('a new user (CloudTrail CreateUser)', () => {
  it('gets the managed region deny attached (no policy text written), and no alert', async () => {
    iam.on(GetUserCommand).resolves(recordedUser());
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [teamPolicy], IsTruncated: false });

    const result = await handler(createUserEvent());

    expect(result).toMatchObject({ kind: 'user', userName: 'new-user', trigger: 'user-created', outcome: 'applied' });
    expect(iam).toHaveReceivedCommandWith(GetUserCommand, { UserName: 'new-user' });
    expect(iam).toHaveReceivedCommandWith(ListAttachedUserPoliciesCommand, { UserName: 'new-user' });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 1);
    expect(iam).toHaveReceivedCommandWith(AttachUserPolicyCommand, { UserName: 'new-user', PolicyArn: denyArn });
    expect(published()).toEqual([]);
  });

  it('reads every page of attached policies before deciding', async () => {
    iam.on(GetUserCommand).resolves(recordedUser());
    iam.on(ListAttachedUserPoliciesCommand, { Marker: undefined }).resolves({ AttachedPolicies: [teamPolicy], IsTruncated: true, Marker: 'm2' });
    iam.on(ListAttachedUserPoliciesCommand, { Marker: 'm2' }).resolves({ AttachedPolicies: [denyAttached], IsTruncated: false });
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'in-place' });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
  });

  it('is left alone when exempt by path or by tag', async () => {
    iam.on(GetUserCommand).resolves(recordedUser({ Path: '/break-glass/' }));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'exempt', reason: 'exempt: path /break-glass/ is under the exempt path /break-glass/' });
    iam.on(GetUserCommand).resolves(recordedUser({ Tags: [{ Key: 'guards:region-lockdown-exempt', Value: 'ci-runner' }] }));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'exempt', reason: 'exempt: tag guards:region-lockdown-exempt=ci-runner' });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
    expect(published()).toEqual([]);
  });

  it('is skipped when it was deleted before the guard got to it (IAM NoSuchEntity, as the SDK throws it)', async () => {
    iam.on(GetUserCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'The user with name new-user cannot be found.'));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'user-gone' });
    expect(iam).toHaveReceivedCommandTimes(ListAttachedUserPoliciesCommand, 0);
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
  });

  it('is user-gone when deleted between the read and the attachment (NoSuchEntity, then GetUser confirms)', async () => {
    iam
      .on(GetUserCommand)
      .resolvesOnce(recordedUser())
      .rejects(sdkError('iam', 'NoSuchEntityException', 'The user with name new-user cannot be found.'));
    iam.on(AttachUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'The user with name new-user cannot be found.'));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'user-gone' });
    expect(published()).toEqual([]);
  });

  it('reports, and fails, when the deny policy itself is gone (NoSuchEntity while the user exists)', async () => {
    iam.on(GetUserCommand).resolves(recordedUser());
    iam.on(AttachUserPolicyCommand).rejects(sdkError('iam', 'NoSuchEntityException', `Policy ${denyArn} does not exist or is not attachable.`));
    await expect(handler(createUserEvent())).rejects.toThrow(DenyAttachError);
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown NOT applied to IAM user new-user');
    expect(alert.Message).toContain(`IAM says the deny policy ${denyArn} does not exist or cannot be attached: re-apply the guard's Terraform`);
  });

  it('reports, and fails the invocation, when IAM refuses the deny because the user has too many managed policies', async () => {
    iam.on(GetUserCommand).resolves(recordedUser());
    iam.on(AttachUserPolicyCommand).rejects(sdkError('iam', 'LimitExceededException', 'Cannot exceed quota for PoliciesPerUser: 20'));

    await expect(handler(createUserEvent())).rejects.toThrow(DenyAttachError);
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown NOT applied to IAM user new-user');
    expect(alert.Message).toContain('the user already has the most managed policies IAM allows; move some of them to groups');
  });

  it('reports an unexpected IAM error with its code and fails (AccessDenied on a protected principal)', async () => {
    iam.on(GetUserCommand).resolves(recordedUser());
    iam.on(AttachUserPolicyCommand).rejects(sdkError('iam', 'AccessDenied', 'explicit deny', 403));
    await expect(handler(createUserEvent())).rejects.toThrow('explicit deny');
    expect(published()[0].Subject).toBe('Region lockdown NOT applied to IAM user new-user');
  });

  it('in a dry run, reports what it would attach and changes nothing', async () => {
    process.env.DRY_RUN = 'true';
    iam.on(GetUserCommand).resolves(recordedUser());
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'dry-run' });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
    expect(published()[0].Subject).toBe('[dry run] Region lockdown would be attached to IAM user new-user');
  });

  it('ignores a failed CreateUser without any AWS call', async () => {
    expect(await handler(createUserEvent({ errorCode: 'AccessDenied' }))).toEqual({
      kind: 'ignored',
      reason: 'CreateUser failed (AccessDenied): nothing changed',
    });
    expect(iam.calls()).toHaveLength(0);
  });
});

describe('a deny that was detached', () => {
  beforeEach(() => {
    iam.on(GetUserCommand).resolves(recordedUser());
  });

  it('is attached again after DetachUserPolicy, with an alert that names who detached it', async () => {
    const result = await handler(detachUserPolicyEvent());

    expect(result).toMatchObject({ outcome: 'restored', trigger: 'policy-detached' });
    expect(iam).toHaveReceivedCommandWith(AttachUserPolicyCommand, { UserName: 'new-user', PolicyArn: denyArn });
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown restored on IAM user new-user');
    expect(alert.Message).toContain(`arn:aws:iam::123456789012:user/new-user detached the region deny (${denyArn}) at 2026-03-02T04:05:06Z`);
    expect(alert.Message).toContain('The deny: ec2-changes outside us-east-1, eu-west-1');
  });

  it('is left alone when it is already attached again (an event that arrives late): idempotent', async () => {
    iam.on(ListAttachedUserPoliciesCommand).resolves({ AttachedPolicies: [denyAttached], IsTruncated: false });
    expect(await handler(detachUserPolicyEvent())).toMatchObject({ outcome: 'in-place' });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
    expect(published()).toEqual([]);
  });

  it('is not attached again to an exempt user, but the removal is reported', async () => {
    iam.on(GetUserCommand).resolves(recordedUser({ Tags: [{ Key: 'guards:region-lockdown-exempt', Value: 'true' }] }));
    expect(await handler(detachUserPolicyEvent())).toMatchObject({ outcome: 'exempt' });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
    expect(published()[0].Subject).toBe('Region lockdown removed from exempt IAM user new-user');
  });

  it('ignores the detachment of any other policy, without an AWS call', async () => {
    const other = detachUserPolicyEvent({ requestParameters: { userName: 'new-user', policyArn: teamPolicy.PolicyArn } });
    expect(await handler(other)).toMatchObject({ kind: 'ignored' });
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
    AttachedManagedPolicies: [],
    Tags: [],
    ...changes,
  });
  const withDeny = { AttachedManagedPolicies: [denyAttached] };
  const pages = () => [
    {
      UserDetailList: [
        detail('old-admin', { AttachedManagedPolicies: [teamPolicy] }),
        detail('already-locked', withDeny),
        detail('break-glass', { Path: '/break-glass/' }),
      ],
      IsTruncated: true,
      Marker: 'page-2',
    },
    {
      UserDetailList: [
        // The old inline deny of the same name is not the managed policy: it gets the managed one too.
        detail('inline-only', { UserPolicyList: [{ PolicyName: 'guards-region-lockdown', PolicyDocument: '%7B%7D' }] }),
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

  it('reads every page and attaches the deny to each user that lacks it, skipping exempt users and those that have it', async () => {
    mockPages(pages());

    const result = await handler(scheduledEvent);

    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand).map((call) => call.args[0].input)).toEqual([
      { Filter: ['User'], MaxItems: 1000, Marker: undefined },
      { Filter: ['User'], MaxItems: 1000, Marker: 'page-2' },
      { Filter: ['User'], MaxItems: 1000, Marker: 'page-3' },
    ]);
    expect(iam.commandCalls(AttachUserPolicyCommand).map((call) => call.args[0].input)).toEqual(
      ['old-admin', 'inline-only', 'last-page-user'].map((UserName) => ({ UserName, PolicyArn: denyArn })),
    );
    expect(result).toEqual({
      kind: 'reconcile',
      usersSeen: 6,
      attached: ['old-admin', 'inline-only', 'last-page-user'],
      exempt: ['break-glass', 'ci'],
      inPlace: 1,
      failed: [],
      dryRun: false,
      stoppedEarly: false,
    });
    // One page read per 1,000 users and one call per user that needed the deny: nothing per user otherwise.
    expect(iam).toHaveReceivedCommandTimes(GetUserCommand, 0);
    expect(iam).toHaveReceivedCommandTimes(ListAttachedUserPoliciesCommand, 0);
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown reconciliation: attached to 3 user(s)');
    expect(alert.Message).toContain('Users seen: 6; already holding the deny: 1; exempt: 2');
  });

  it('changes nothing, and says nothing, when run again over users that all have the deny', async () => {
    const locked = pages().map((page) => ({
      ...page,
      UserDetailList: page.UserDetailList.map((user) => (user.Path === '/' && !user.Tags?.length ? { ...user, ...withDeny } : user)),
    }));
    mockPages(locked);
    expect(await handler({ action: 'reconcile' })).toMatchObject({ attached: [], inPlace: 4, exempt: ['break-glass', 'ci'], failed: [] });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
    expect(published()).toEqual([]);
  });

  it('goes on past a user it cannot lock, reports every failure, then fails the invocation', async () => {
    mockPages(pages());
    iam
      .on(AttachUserPolicyCommand, { UserName: 'inline-only' })
      .rejects(sdkError('iam', 'LimitExceededException', 'Cannot exceed quota for PoliciesPerUser: 20'));

    await expect(handler(scheduledEvent)).rejects.toThrow(LockdownIncompleteError);
    expect(iam.commandCalls(AttachUserPolicyCommand).map((call) => call.args[0].input.UserName)).toEqual(['old-admin', 'inline-only', 'last-page-user']);
    const [alert] = published();
    expect(alert.Subject).toBe('Region lockdown reconciliation: 1 user(s) FAILED');
    expect(alert.Message).toContain('- inline-only: IAM refused the region deny');
  });

  it('in a dry run, lists the users it would lock and changes nothing', async () => {
    process.env.DRY_RUN = 'true';
    mockPages(pages());
    expect(await handler(scheduledEvent)).toMatchObject({ attached: ['old-admin', 'inline-only', 'last-page-user'], dryRun: true });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
    expect(published()[0].Subject).toBe('[dry run] Region lockdown reconciliation: would attach to 3 user(s)');
  });

  it('stops attaching before the function times out, and reports that the next run goes on', async () => {
    mockPages(pages());
    const result = await handler(scheduledEvent, { getRemainingTimeInMillis: () => 5_000 });
    expect(result).toMatchObject({ stoppedEarly: true, attached: [] });
    expect(iam).toHaveReceivedCommandTimes(AttachUserPolicyCommand, 0);
    expect(published()[0].Message).toContain('the users left get the deny at the next run');
  });
});

describe("the function's environment", () => {
  it.each([
    ['SCOPE', 'everything', 'SCOPE environment variable must be one of ec2-changes, all-regional, not "everything"'],
    ['ALLOWED_REGIONS', 'eu-west-1,europe', 'ALLOWED_REGIONS environment variable must be a comma-separated list of region codes'],
    ['EXEMPT_PATH_PREFIXES', 'break-glass/', 'EXEMPT_PATH_PREFIXES environment variable: break-glass/ is not an IAM path'],
    ['POLICY_ARNS', '', 'POLICY_ARNS environment variable is not set'],
    [
      'POLICY_ARNS',
      'arn:aws:iam::aws:policy/AdministratorAccess',
      'POLICY_ARNS environment variable must be a comma-separated list of customer managed policy ARNs',
    ],
  ])('refuses a bad %s, naming it', async (name, value, message) => {
    process.env[name] = value;
    await expect(handler(scheduledEvent)).rejects.toThrow(message);
    expect(iam.calls()).toHaveLength(0);
  });
});
