/**
 * region-lockdown against the emulator's IAM and SNS: the Terraform-managed deny policy created as
 * Terraform creates it, real SDK calls from the handler, the users' attached policies and the alert
 * topic read back with real SDK calls (ListAttachedUserPolicies, an SQS subscription).
 */
import {
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  DeletePolicyCommand,
  DetachUserPolicyCommand,
  IAMClient,
  ListAttachedUserPoliciesCommand,
} from '@aws-sdk/client-iam';
import type * as RegionLockdown from '../../../handlers/region-lockdown/index';
import { regionDenyPolicyJson } from '../../../handlers/region-lockdown/region-deny-policy';
import { AlertReadBack, emulatorManagedPolicyArn, emulatorPerSuite, emulatorTopicArn, loadWithEnvironment } from '../../helpers/emulator-handlers';
import { createUserEvent, detachUserPolicyEvent, scheduledEvent } from '../../handlers/region-lockdown/cloudtrail-events';

jest.setTimeout(300_000);

/** The deny policy's name as the us-east-1 stack names it (and as the DetachUserPolicy record names it). */
const denyPolicyName = 'guards-region-lockdown-us-east-1';
const denyArn = emulatorManagedPolicyArn(denyPolicyName);
const alertTopicName = 'guards-alerts';
/** The user the real CreateUser record and the DetachUserPolicy record name. */
const newUser = 'new-user';

const server = emulatorPerSuite();
let handler: typeof RegionLockdown.handler;
let iam: IAMClient;
let alerts: AlertReadBack;

beforeAll(() => {
  ({ handler } = loadWithEnvironment(
    {
      ...server().clientEnvironment('us-east-1'),
      ALLOWED_REGIONS: 'us-east-1,eu-west-1',
      SCOPE: 'ec2-changes',
      POLICY_ARNS: denyArn,
      EXEMPT_PATH_PREFIXES: '/break-glass/',
      EXEMPT_TAG_KEY: 'guards:region-lockdown-exempt',
      ALERT_TOPIC_ARN: emulatorTopicArn(alertTopicName),
      DRY_RUN: 'false',
      POWERTOOLS_SERVICE_NAME: 'region-lockdown',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    () => require('../../../handlers/region-lockdown/index') as typeof RegionLockdown,
  ));
  iam = new IAMClient({});
});

afterAll(() => {
  iam?.destroy();
});

/** What Terraform creates before the function first runs: the deny policy and the alert topic. */
beforeEach(async () => {
  const { Policy } = await iam.send(
    new CreatePolicyCommand({
      PolicyName: denyPolicyName,
      PolicyDocument: regionDenyPolicyJson({ allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'ec2-changes' }),
    }),
  );
  // The handler is configured with the ARN before the policy exists: the emulator must name it alike.
  if (Policy?.Arn !== denyArn) throw new Error(`the emulator named the deny policy ${Policy?.Arn}, not ${denyArn}`);
  alerts = await AlertReadBack.create(alertTopicName);
});

/** The managed policies attached to the user, as IAM lists them. */
async function attachedTo(userName: string): Promise<string[]> {
  const { AttachedPolicies } = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }));
  return (AttachedPolicies ?? []).map((policy) => policy.PolicyArn ?? '').sort();
}

/** The real DetachUserPolicy record of the guard's deny, by `new-user`. */
const denyDetached = () => detachUserPolicyEvent();

describe('a new user (CloudTrail CreateUser)', () => {
  it('gets the managed deny attached, quietly', async () => {
    await iam.send(new CreateUserCommand({ UserName: newUser }));
    expect(await attachedTo(newUser)).toEqual([]);
    await expect(handler(createUserEvent())).resolves.toMatchObject({ kind: 'user', userName: newUser, outcome: 'applied' });
    expect(await attachedTo(newUser)).toEqual([denyArn]);
    // A new user that got its deny is logged, not alerted.
    expect(await alerts.read()).toEqual([]);
  });

  it('changes nothing when the same CreateUser event arrives twice', async () => {
    await iam.send(new CreateUserCommand({ UserName: newUser }));
    await handler(createUserEvent());
    await expect(handler(createUserEvent())).resolves.toMatchObject({ outcome: 'in-place' });
    expect(await attachedTo(newUser)).toEqual([denyArn]);
    expect(await alerts.read()).toEqual([]);
  });

  it('leaves a user under an exempt path without the deny', async () => {
    await iam.send(new CreateUserCommand({ UserName: newUser, Path: '/break-glass/' }));
    await expect(handler(createUserEvent())).resolves.toMatchObject({ outcome: 'exempt' });
    expect(await attachedTo(newUser)).toEqual([]);
    expect(await alerts.read()).toEqual([]);
  });

  it('reports a user deleted before the event was handled as gone, and creates nothing', async () => {
    await expect(handler(createUserEvent())).resolves.toMatchObject({ outcome: 'user-gone' });
    expect(await alerts.read()).toEqual([]);
  });

  it("tells a deleted deny policy (failed, alerted) from a deleted user by the SDK's real NoSuchEntity", async () => {
    await iam.send(new CreateUserCommand({ UserName: newUser }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: denyArn }));
    // By name: the handler was loaded in a module registry of its own, so its classes are not this file's.
    await expect(handler(createUserEvent())).rejects.toMatchObject({
      name: 'DenyAttachError',
      message: expect.stringContaining(`the deny policy ${denyArn} does not exist`),
    });
    expect(await attachedTo(newUser)).toEqual([]);
    expect((await alerts.read()).map((alert) => alert.Subject)).toEqual([`Region lockdown NOT applied to IAM user ${newUser}`]);
  });
});

describe('the deny detached (CloudTrail DetachUserPolicy)', () => {
  beforeEach(async () => {
    await iam.send(new CreateUserCommand({ UserName: newUser }));
    const created = await handler(createUserEvent());
    if (created.kind !== 'user' || created.outcome !== 'applied')
      throw new Error(`set-up: the deny was not attached to ${newUser} (${JSON.stringify(created)})`);
  });

  it('attaches the deny again, and alerts', async () => {
    await iam.send(new DetachUserPolicyCommand({ UserName: newUser, PolicyArn: denyArn }));
    expect(await attachedTo(newUser)).toEqual([]);
    await expect(handler(denyDetached())).resolves.toMatchObject({ outcome: 'restored' });
    expect(await attachedTo(newUser)).toEqual([denyArn]);
    const [alert, ...more] = await alerts.read();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({
      Type: 'Notification',
      TopicArn: emulatorTopicArn(alertTopicName),
      Subject: `Region lockdown restored on IAM user ${newUser}`,
    });
    expect(alert.Message).toContain('detached the region deny');
    expect(alert.Message).toContain(denyArn);
  });

  it('changes nothing and stays quiet when the same DetachUserPolicy event arrives twice', async () => {
    await iam.send(new DetachUserPolicyCommand({ UserName: newUser, PolicyArn: denyArn }));
    await handler(denyDetached());
    await alerts.read();
    await expect(handler(denyDetached())).resolves.toMatchObject({ outcome: 'in-place' });
    expect(await attachedTo(newUser)).toEqual([denyArn]);
    expect(await alerts.read()).toEqual([]);
  });

  it("ignores the detach of a policy that is not the guard's", async () => {
    const { Policy } = await iam.send(
      new CreatePolicyCommand({
        PolicyName: 'team-s3',
        PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:ListBucket","Resource":"*"}]}',
      }),
    );
    const event = denyDetached();
    (event.detail as { requestParameters: { policyArn: string } }).requestParameters.policyArn = Policy?.Arn ?? '';
    await expect(handler(event)).resolves.toMatchObject({ kind: 'ignored' });
    expect(await attachedTo(newUser)).toEqual([denyArn]);
    expect(await alerts.read()).toEqual([]);
  });
});

describe('the scheduled reconciliation', () => {
  it('attaches the deny to every user lacking it, skips exempt ones, and is quiet when run again', async () => {
    for (const [userName, path] of [
      ['alice', '/'],
      ['bob', '/team/'],
      ['carol', '/'],
      ['dave', '/'],
      ['break-glass-admin', '/break-glass/'],
    ] as const) {
      await iam.send(
        new CreateUserCommand({
          UserName: userName,
          Path: path,
          ...(userName === 'dave' ? { Tags: [{ Key: 'guards:region-lockdown-exempt', Value: 'true' }] } : {}),
        }),
      );
    }
    await iam.send(new AttachUserPolicyCommand({ UserName: 'alice', PolicyArn: denyArn }));

    const first = await handler(scheduledEvent);
    expect(first).toMatchObject({ kind: 'reconcile', usersSeen: 5, inPlace: 1, failed: [], stoppedEarly: false });
    if (first.kind !== 'reconcile') throw new Error('not a reconciliation');
    expect([...first.attached].sort()).toEqual(['bob', 'carol']);
    expect([...first.exempt].sort()).toEqual(['break-glass-admin', 'dave']);
    for (const userName of ['alice', 'bob', 'carol']) expect(await attachedTo(userName)).toEqual([denyArn]);
    expect(await attachedTo('dave')).toEqual([]);
    expect(await attachedTo('break-glass-admin')).toEqual([]);
    expect((await alerts.read()).map((alert) => alert.Subject)).toEqual(['Region lockdown reconciliation: attached to 2 user(s)']);

    await expect(handler(scheduledEvent)).resolves.toMatchObject({ attached: [], inPlace: 3, failed: [] });
    for (const userName of ['alice', 'bob', 'carol']) expect(await attachedTo(userName)).toEqual([denyArn]);
    expect(await alerts.read()).toEqual([]);
  });
});
