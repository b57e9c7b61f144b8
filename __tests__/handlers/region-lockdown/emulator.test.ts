/**
 * The region-lockdown handler against an IAM API (moto server): real requests, real responses,
 * and the SDK's real errors (what `NoSuchEntity` looks like when the SDK throws it).
 */
import { AttachUserPolicyCommand, CreatePolicyCommand, CreateUserCommand, DeletePolicyCommand, DetachUserPolicyCommand, IAMClient, ListAttachedUserPoliciesCommand } from '@aws-sdk/client-iam';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { regionDenyPolicyJson } from '../../../handlers/region-lockdown/region-deny-policy';
import { DenyAttachError } from '../../../handlers/region-lockdown/region-lockdown-errors';
import { MotoServer } from '../../helpers/moto-server';
import { createUserEvent, detachUserPolicyEvent, scheduledEvent } from './cloudtrail-events';

jest.setTimeout(180_000);

let moto: MotoServer;
let handler: typeof import('../../../handlers/region-lockdown/index').handler;
let iam: IAMClient;
let denyArn: string;
const saved = { ...process.env };

beforeAll(async () => {
  moto = await MotoServer.start();
  Object.assign(process.env, moto.clientEnvironment('us-east-1'), { POWERTOOLS_LOG_LEVEL: 'SILENT' });
  // The handler creates its clients when loaded: load it once the endpoint is set.
  ({ handler } = await import('../../../handlers/region-lockdown/index'));
  iam = new IAMClient({});
});

afterAll(() => {
  moto?.stop();
  process.env = saved;
});

beforeEach(async () => {
  await moto.reset();
  const policy = await iam.send(new CreatePolicyCommand({ PolicyName: 'guards-region-lockdown-us-east-1', PolicyDocument: regionDenyPolicyJson({ allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'ec2-changes' }) }));
  denyArn = policy.Policy!.Arn!;
  const topic = await new SNSClient({}).send(new CreateTopicCommand({ Name: 'guards-alerts' }));
  Object.assign(process.env, {
    ALLOWED_REGIONS: 'us-east-1,eu-west-1',
    SCOPE: 'ec2-changes',
    POLICY_ARNS: denyArn,
    EXEMPT_PATH_PREFIXES: '/break-glass/',
    EXEMPT_TAG_KEY: 'guards:region-lockdown-exempt',
    ALERT_TOPIC_ARN: topic.TopicArn!,
  });
  delete process.env.DRY_RUN;
});

const attachedTo = async (userName: string) =>
  ((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }))).AttachedPolicies ?? []).map((policy) => policy.PolicyArn);

describe('region-lockdown against an IAM API', () => {
  it('attaches the deny to a new user, attaches it again after a detach, and is idempotent', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'new-user' }));
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'applied' });
    expect(await attachedTo('new-user')).toEqual([denyArn]);

    await iam.send(new DetachUserPolicyCommand({ UserName: 'new-user', PolicyArn: denyArn }));
    expect(await handler(detachUserPolicyEvent({ requestParameters: { userName: 'new-user', policyArn: denyArn } }))).toMatchObject({ outcome: 'restored' });
    expect(await attachedTo('new-user')).toEqual([denyArn]);

    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'in-place' });
  });

  it('tells a deleted user (skipped) from a deleted deny policy (reported, failed) by the SDK\'s real NoSuchEntity', async () => {
    expect(await handler(createUserEvent())).toMatchObject({ outcome: 'user-gone' });
    await iam.send(new CreateUserCommand({ UserName: 'new-user' }));
    await iam.send(new DeletePolicyCommand({ PolicyArn: denyArn }));
    await expect(handler(createUserEvent())).rejects.toThrow(DenyAttachError);
  });

  it('reconciles every user, skipping exempt ones', async () => {
    for (const [UserName, Path] of [['alice', '/'], ['bob', '/'], ['root-break-glass', '/break-glass/']]) await iam.send(new CreateUserCommand({ UserName, Path }));
    await iam.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: denyArn }));
    expect(await handler(scheduledEvent)).toMatchObject({ attached: ['alice'], exempt: ['root-break-glass'], inPlace: 1, failed: [] });
    expect(await attachedTo('alice')).toEqual([denyArn]);
    expect(await attachedTo('root-break-glass')).toEqual([]);
  });
});
