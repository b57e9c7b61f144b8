import { InvalidEventError } from '../../../handlers/common/errors';
import { parseInvocation } from '../../../handlers/region-lockdown/events';
import { createUserEvent, detachUserPolicyEvent, inEnvelope, scheduledEvent } from './cloudtrail-events';

const denyArn = 'arn:aws:iam::123456789012:policy/guards-region-lockdown-us-east-1';
const settings = { policyArns: [denyArn] };

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
    const invocation = parseInvocation(
      createUserEvent({ errorCode: 'EntityAlreadyExistsException', errorMessage: 'User with name new-user already exists.' }),
      settings,
    );
    expect(invocation).toEqual({ kind: 'ignore', eventKind: 'cloudtrail', reason: 'CreateUser failed (EntityAlreadyExistsException): nothing changed' });
  });

  it("reads a detachment of the guard's deny policy", () => {
    expect(parseInvocation(detachUserPolicyEvent(), settings)).toMatchObject({
      kind: 'user',
      userName: 'new-user',
      trigger: 'policy-detached',
      actor: 'arn:aws:iam::123456789012:user/new-user',
    });
  });

  it('ignores a detachment of another policy, and a failed detachment', () => {
    const team = 'arn:aws:iam::123456789012:policy/team-s3';
    expect(parseInvocation(detachUserPolicyEvent({ requestParameters: { userName: 'new-user', policyArn: team } }), settings)).toMatchObject({
      kind: 'ignore',
      reason: `DetachUserPolicy of policy ${team}, not one of the guard's ${denyArn}`,
    });
    expect(parseInvocation(detachUserPolicyEvent({ errorCode: 'AccessDenied' }), settings)).toMatchObject({ kind: 'ignore' });
  });

  it('no longer acts on inline-policy calls (the deny is a managed policy now)', () => {
    expect(
      parseInvocation(
        detachUserPolicyEvent({ eventName: 'DeleteUserPolicy', requestParameters: { userName: 'new-user', policyName: 'guards-region-lockdown' } }),
        settings,
      ),
    ).toMatchObject({ kind: 'ignore' });
    expect(parseInvocation(detachUserPolicyEvent({ eventName: 'PutUserPolicy' }), settings)).toMatchObject({
      kind: 'ignore',
      reason: 'PutUserPolicy is not a call this guard acts on',
    });
  });

  it('ignores IAM calls the guard does not act on', () => {
    expect(parseInvocation(createUserEvent({ eventName: 'TagUser' }), settings)).toEqual({
      kind: 'ignore',
      eventKind: 'cloudtrail',
      reason: 'TagUser is not a call this guard acts on',
    });
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
