import { InvalidEventError } from '../../../handlers/common/errors';
import { parseInvocation } from '../../../handlers/region-lockdown/events';
import { createUserEvent, deleteUserPolicyEvent, inEnvelope, putUserPolicyEvent, scheduledEvent } from './cloudtrail-events';

const settings = { policyName: 'guards-region-lockdown', guardRoleName: 'guards-region-lockdown' };

describe('parseInvocation', () => {
  it('reads the real CreateUser record: the new user, who created it, when', () => {
    expect(parseInvocation(createUserEvent(), settings)).toEqual({
      kind: 'user',
      userName: 'new-user',
      trigger: 'user-created',
      actor: 'arn:aws:sts::123456789012:assumed-role/tester',
      eventId: '1',
      eventTime: '2019-01-01T00:00:00Z',
    });
  });

  it('ignores a failed CreateUser (errorCode present): no user was created', () => {
    const invocation = parseInvocation(createUserEvent({ errorCode: 'EntityAlreadyExistsException', errorMessage: 'User with name new-user already exists.' }), settings);
    expect(invocation).toEqual({ kind: 'ignore', eventKind: 'cloudtrail', reason: 'CreateUser failed (EntityAlreadyExistsException): nothing changed' });
  });

  it('reads a deletion and a replacement of the guard\'s policy', () => {
    expect(parseInvocation(deleteUserPolicyEvent(), settings)).toMatchObject({ kind: 'user', userName: 'new-user', trigger: 'policy-deleted', actor: 'arn:aws:iam::123456789012:user/new-user' });
    expect(parseInvocation(putUserPolicyEvent(), settings)).toMatchObject({ kind: 'user', userName: 'new-user', trigger: 'policy-replaced' });
  });

  it('ignores policy calls about another policy, and a failed deletion', () => {
    expect(parseInvocation(deleteUserPolicyEvent({ requestParameters: { userName: 'new-user', policyName: 'team-s3' } }), settings)).toMatchObject({
      kind: 'ignore',
      reason: "DeleteUserPolicy on policy team-s3, not the guard's guards-region-lockdown",
    });
    expect(parseInvocation(deleteUserPolicyEvent({ errorCode: 'AccessDenied' }), settings)).toMatchObject({ kind: 'ignore' });
  });

  it('ignores the guard\'s own PutUserPolicy, which EventBridge brings back (no loop)', () => {
    const ownCall = putUserPolicyEvent({
      userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/guards-region-lockdown/guards-region-lockdown', principalId: 'AROA:guards-region-lockdown' },
    });
    expect(parseInvocation(ownCall, settings)).toEqual({ kind: 'ignore', eventKind: 'cloudtrail', reason: "PutUserPolicy on new-user was the guard's own" });
    // Another role whose name merely starts the same is not the guard.
    const lookAlike = putUserPolicyEvent({ userIdentity: { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/guards-region-lockdown-x/s' } });
    expect(parseInvocation(lookAlike, settings)).toMatchObject({ kind: 'user', trigger: 'policy-replaced' });
  });

  it('ignores IAM calls the guard does not act on', () => {
    expect(parseInvocation(createUserEvent({ eventName: 'TagUser' }), settings)).toEqual({ kind: 'ignore', eventKind: 'cloudtrail', reason: 'TagUser is not a call this guard acts on' });
  });

  it('reads the schedule and a manual reconciliation', () => {
    expect(parseInvocation(scheduledEvent, settings)).toEqual({ kind: 'reconcile', trigger: 'schedule' });
    expect(parseInvocation({ action: 'reconcile' }, settings)).toEqual({ kind: 'reconcile', trigger: 'manual' });
  });

  it.each([
    [null, 'event: not a JSON object'],
    [{ action: 'release' }, 'action: "release" is not an action of this function (expected "reconcile")'],
    [{ source: 'aws.ec2', 'detail-type': 'AWS API Call via CloudTrail' }, 'event: not a recognised invocation'],
    [inEnvelope({ eventName: 'CreateUser' }), 'detail.requestParameters: missing in CreateUser'],
    [inEnvelope({ eventName: 'CreateUser', requestParameters: {} }), 'detail.requestParameters.userName: missing in CreateUser'],
    [{ ...inEnvelope({}), detail: 'x' }, 'detail: missing (expected a CloudTrail record)'],
    [inEnvelope({}), 'detail.eventName: missing'],
  ])('refuses a malformed invocation, naming the field: %j', (event, message) => {
    expect(() => parseInvocation(event, settings)).toThrow(InvalidEventError);
    expect(() => parseInvocation(event, settings)).toThrow(message);
  });
});
