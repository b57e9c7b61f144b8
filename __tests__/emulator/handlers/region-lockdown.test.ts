/**
 * region-lockdown against the emulator's IAM and SNS: real SDK calls from the handler, the users and
 * their policies created and read back with real SDK calls.
 */
import { CreateUserCommand, DeleteUserPolicyCommand, GetUserPolicyCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import type * as RegionLockdown from '../../../handlers/region-lockdown/index';
import { regionDenyPolicyJson } from '../../../handlers/region-lockdown/region-deny-policy';
import { AlertReadBack, emulatorPerSuite, emulatorTopicArn, loadWithEnvironment } from '../../helpers/emulator-handlers';
import { createUserEvent, deleteUserPolicyEvent, putUserPolicyEvent, scheduledEvent } from '../../handlers/region-lockdown/cloudtrail-events';

jest.setTimeout(300_000);

const policyName = 'guards-region-lockdown';
const alertTopicName = 'guards-alerts';
const expectedDeny = JSON.parse(regionDenyPolicyJson({ allowedRegions: ['eu-west-1', 'us-east-1'], scope: 'ec2-changes' })) as unknown;
/** The user the real CreateUser record names. */
const newUser = 'new-user';
const harmlessAllow = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ec2:DescribeRegions","Resource":"*"}]}';

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
      POLICY_NAME: policyName,
      EXEMPT_PATH_PREFIXES: '/break-glass/',
      EXEMPT_TAG_KEY: 'guards:region-lockdown-exempt',
      ALERT_TOPIC_ARN: emulatorTopicArn(alertTopicName),
      GUARD_ROLE_NAME: 'guards-region-lockdown',
      DRY_RUN: 'false',
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    () => require('../../../handlers/region-lockdown/index') as typeof RegionLockdown,
  ));
  iam = new IAMClient({});
});

beforeEach(async () => {
  alerts = await AlertReadBack.create(alertTopicName);
});

/** The guard's inline policy on the user as IAM holds it, parsed; undefined when there is none. */
async function guardPolicyOf(userName: string): Promise<unknown> {
  try {
    const { PolicyDocument } = await iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName }));
    return JSON.parse(decodeURIComponent(PolicyDocument ?? ''));
  } catch (error) {
    if ((error as Error).name === 'NoSuchEntityException') return undefined;
    throw error;
  }
}

describe('a new user (CloudTrail CreateUser)', () => {
  it('gets the region deny; a user the emulator has no policy for is exactly the case the wire-code bug broke', async () => {
    await iam.send(new CreateUserCommand({ UserName: newUser }));
    await expect(handler(createUserEvent())).resolves.toMatchObject({ kind: 'user', userName: newUser, outcome: 'applied' });
    expect(await guardPolicyOf(newUser)).toEqual(expectedDeny);
    // A new user that got its deny is logged, not alerted.
    expect(await alerts.read()).toEqual([]);
  });

  it('leaves a user under an exempt path without the deny', async () => {
    await iam.send(new CreateUserCommand({ UserName: newUser, Path: '/break-glass/' }));
    await expect(handler(createUserEvent())).resolves.toMatchObject({ outcome: 'exempt' });
    expect(await guardPolicyOf(newUser)).toBeUndefined();
  });

  it('reports a user deleted before the event was handled as gone', async () => {
    await expect(handler(createUserEvent())).resolves.toMatchObject({ outcome: 'user-gone' });
  });
});

describe('tampering with the deny', () => {
  beforeEach(async () => {
    await iam.send(new CreateUserCommand({ UserName: newUser }));
    await handler(createUserEvent());
  });

  it('puts the deny back after DeleteUserPolicy, and alerts', async () => {
    await iam.send(new DeleteUserPolicyCommand({ UserName: newUser, PolicyName: policyName }));
    expect(await guardPolicyOf(newUser)).toBeUndefined();
    await expect(handler(deleteUserPolicyEvent())).resolves.toMatchObject({ outcome: 'restored' });
    expect(await guardPolicyOf(newUser)).toEqual(expectedDeny);
    const [alert, ...more] = await alerts.read();
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ Type: 'Notification', TopicArn: emulatorTopicArn(alertTopicName), Subject: `Region lockdown restored on IAM user ${newUser}` });
    expect(alert.Message).toContain('deleted the region deny');
  });

  it('puts the deny back after PutUserPolicy replaced it with an allow', async () => {
    await iam.send(new PutUserPolicyCommand({ UserName: newUser, PolicyName: policyName, PolicyDocument: harmlessAllow }));
    await expect(handler(putUserPolicyEvent())).resolves.toMatchObject({ outcome: 'restored' });
    expect(await guardPolicyOf(newUser)).toEqual(expectedDeny);
    expect((await alerts.read()).map((alert) => alert.Subject)).toEqual([`Region lockdown restored on IAM user ${newUser}`]);
  });

  it('changes nothing when the deny is still in place (a re-delivered event)', async () => {
    await expect(handler(deleteUserPolicyEvent())).resolves.toMatchObject({ outcome: 'in-place' });
    expect(await alerts.read()).toEqual([]);
  });
});

describe('the scheduled reconciliation', () => {
  it('puts the deny on every user missing it or holding another document, skips exempt ones, and is quiet when run again', async () => {
    for (const [userName, path] of [
      ['alice', '/'],
      ['bob', '/team/'],
      ['carol', '/'],
      ['dave', '/'],
      ['break-glass-admin', '/break-glass/'],
    ] as const) {
      await iam.send(new CreateUserCommand({ UserName: userName, Path: path, ...(userName === 'dave' ? { Tags: [{ Key: 'guards:region-lockdown-exempt', Value: 'true' }] } : {}) }));
    }
    await iam.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: policyName, PolicyDocument: harmlessAllow }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: policyName, PolicyDocument: regionDenyPolicyJson({ allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'ec2-changes' }) }));

    const first = await handler(scheduledEvent);
    expect(first).toMatchObject({ kind: 'reconcile', usersSeen: 5, inPlace: 1, failed: [], stoppedEarly: false });
    if (first.kind !== 'reconcile') throw new Error('not a reconciliation');
    expect([...first.put].sort()).toEqual(['bob', 'carol']);
    expect([...first.exempt].sort()).toEqual(['break-glass-admin', 'dave']);
    for (const userName of ['alice', 'bob', 'carol']) expect(await guardPolicyOf(userName)).toEqual(expectedDeny);
    expect(await guardPolicyOf('dave')).toBeUndefined();
    expect(await guardPolicyOf('break-glass-admin')).toBeUndefined();
    expect((await alerts.read()).map((alert) => alert.Subject)).toEqual(['Region lockdown reconciliation: put on 2 user(s)']);

    await expect(handler(scheduledEvent)).resolves.toMatchObject({ put: [], inPlace: 3, failed: [] });
    expect(await alerts.read()).toEqual([]);
  });
});
