/**
 * inactive-user-rule's periodic sweep against the emulator's IAM and Config: users created with real
 * SDK calls (one of them using its access key against the emulator, which records the use), the
 * credential report generated and read from the emulator, the real scheduled notification in, the
 * evaluations the handler reported to the emulator out.
 */
import type * as ConfigService from '@aws-sdk/client-config-service';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import type * as InactiveUserRule from '../../../handlers/inactive-user-rule/index';
import { ConfigCallLog, watchConfigCalls } from '../../helpers/config-rule-emulator';
import { changeNotification, configEvent, configRuleFixture, withRuleParameters } from '../../helpers/config-rule-events';
import { emulatorPerSuite, loadWithEnvironment } from '../../helpers/emulator-handlers';
import { fakeClockAt } from '../../helpers/fake-clock';

jest.setTimeout(300_000);

const dayMs = 24 * 60 * 60 * 1000;
const exemptTagKey = 'guards:inactive-exempt';
/** Ids the stubbed GetComplianceDetailsByConfigRule names as NON_COMPLIANT at the last run. */
let previouslyNonCompliant: string[] = [];

const server = emulatorPerSuite();
let handler: typeof InactiveUserRule.handler;
let config: ConfigCallLog;
let iam: IAMClient;

beforeAll(() => {
  ({ handler, config } = loadWithEnvironment({ ...server().clientEnvironment('us-east-1'), POWERTOOLS_LOG_LEVEL: 'SILENT' }, () => {
    const log = watchConfigCalls(require('@aws-sdk/client-config-service') as typeof ConfigService, {
      // The one stubbed call: moto 5.2.1 does not implement GetComplianceDetailsByConfigRule
      // ("NotImplementedError: The get_compliance_details_by_config_rule action has not been
      // implemented", HTTP 500), so the rule's last NON_COMPLIANT results are given here. Every
      // other call of the handler goes to the emulator.
      complianceDetails: () => ({
        $metadata: {},
        EvaluationResults: previouslyNonCompliant.map((ResourceId) => ({
          ComplianceType: 'NON_COMPLIANT',
          EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'rule-ec2-test', ResourceType: 'AWS::IAM::User', ResourceId } },
        })),
      }),
    });
    return { ...(require('../../../handlers/inactive-user-rule/index') as typeof InactiveUserRule), config: log };
  }));
  iam = new IAMClient({});
});

afterEach(() => {
  jest.useRealTimers();
  previouslyNonCompliant = [];
});

async function createUser(userName: string, tags: Record<string, string> = {}): Promise<string> {
  const { User } = await iam.send(new CreateUserCommand({ UserName: userName, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  if (!User?.UserId) throw new Error(`no user id for ${userName}`);
  return User.UserId;
}

/** A request signed with the user's own new access key: the emulator records it as the key's last use. */
async function useAccessKey(userName: string): Promise<void> {
  const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
  const asUser = new IAMClient({ credentials: { accessKeyId: AccessKey?.AccessKeyId ?? '', secretAccessKey: AccessKey?.SecretAccessKey ?? '' } });
  await asUser.send(new GetUserCommand({ UserName: userName }));
}

/**
 * Runs the handler (the emulator accepts PutEvaluations only in test mode, which the handler asks
 * for with the result token TESTMODE) as if `daysLater` days had passed since the users were created: the emulator
 * dates users and key uses now and cannot backdate them, so the handler's clock (Date only; timers
 * stay real) is moved forward instead.
 */
async function sweepDaysLater(daysLater: number, ruleParameters: Record<string, string>): Promise<Record<string, ConfigService.Evaluation>> {
  return runDaysLater(daysLater, withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters, resultToken: 'TESTMODE' }));
}

async function runDaysLater(daysLater: number, event: Record<string, unknown>): Promise<Record<string, ConfigService.Evaluation>> {
  const reportedBefore = config.evaluations().length;
  fakeClockAt(Date.now() + daysLater * dayMs);
  try {
    await handler(event);
  } finally {
    jest.useRealTimers();
  }
  return Object.fromEntries(
    config
      .evaluations()
      .slice(reportedBefore)
      .map((evaluation) => [evaluation.ComplianceResourceId ?? '', evaluation]),
  );
}

it("judges every user from the emulator's credential report: key use, never used, exemptions, and a deleted user", async () => {
  const active = await createUser('active-user');
  await useAccessKey('active-user');
  const idle = await createUser('idle-user');
  const taggedExempt = await createUser('tagged-exempt', { [exemptTagKey]: 'true' });
  const namedExempt = await createUser('named-exempt');
  const gone = await createUser('gone-user');
  await iam.send(new DeleteUserCommand({ UserName: 'gone-user' }));
  previouslyNonCompliant = [gone, idle];

  const reported = await sweepDaysLater(45, { maxInactiveDays: '60', newUserGraceDays: '30', exemptUserNames: 'named-exempt', exemptTagKey });

  expect(config.putEvaluations.every((input) => input.ResultToken === 'TESTMODE' && input.TestMode === true)).toBe(true);
  expect(Object.keys(reported).sort()).toEqual([active, idle, taggedExempt, namedExempt, gone].sort());
  for (const evaluation of Object.values(reported)) expect(evaluation.ComplianceResourceType).toBe('AWS::IAM::User');
  expect(reported[active]).toMatchObject({
    ComplianceType: 'COMPLIANT',
    Annotation: expect.stringMatching(/^active-user: last used its access key 1 45 days ago/),
  });
  expect(reported[idle]).toMatchObject({
    ComplianceType: 'NON_COMPLIANT',
    Annotation: expect.stringMatching(/^idle-user: never used a password or access key in the 45 days since it was created/),
  });
  expect(reported[taggedExempt]).toMatchObject({ ComplianceType: 'COMPLIANT', Annotation: `tagged-exempt: exempt by tag ${exemptTagKey}` });
  expect(reported[namedExempt]).toMatchObject({ ComplianceType: 'COMPLIANT', Annotation: 'named-exempt: exempt by name (rule parameter exemptUserNames)' });
  expect(reported[gone]).toMatchObject({ ComplianceType: 'NOT_APPLICABLE', Annotation: `user ${gone} no longer exists` });
});

it('reports a key unused for longer than maxInactiveDays', async () => {
  const active = await createUser('active-user');
  await useAccessKey('active-user');
  const reported = await sweepDaysLater(61, { maxInactiveDays: '60' });
  expect(reported[active]).toMatchObject({
    ComplianceType: 'NON_COMPLIANT',
    Annotation: expect.stringMatching(/^active-user: no password or access key used for 61 days, more than the 60 allowed/),
  });
});

/** The project's real-shaped configuration item of an IAM user, made the emulated user's. */
function userChange(userName: string, userId: string, ruleParameters: Record<string, string>): Record<string, unknown> {
  const item = configRuleFixture<{ configuration: Record<string, unknown> } & Record<string, unknown>>('inactive-user-rule', 'user-kapil');
  return changeNotification(
    {
      ...item,
      resourceId: userId,
      resourceName: userName,
      ARN: `arn:aws:iam::123456789012:user/${userName}`,
      configuration: { ...item.configuration, userName, userId },
    },
    { ruleParameters, resultToken: 'TESTMODE' },
  );
}

describe('a change notification about one user (read from IAM directly)', () => {
  it('judges the user from GetUser, ListAccessKeys and GetAccessKeyLastUsed', async () => {
    const active = await createUser('active-user');
    await useAccessKey('active-user');
    const idle = await createUser('idle-user');
    expect(await runDaysLater(61, userChange('active-user', active, { maxInactiveDays: '60' }))).toEqual({
      [active]: expect.objectContaining({
        ComplianceType: 'NON_COMPLIANT',
        Annotation: expect.stringMatching(/^active-user: no password or access key used for 61 days/),
      }),
    });
    expect(await runDaysLater(10, userChange('active-user', active, { maxInactiveDays: '60' }))).toEqual({
      [active]: expect.objectContaining({
        ComplianceType: 'COMPLIANT',
        Annotation: expect.stringMatching(/^active-user: last used its access key \.\.\.\w{4} 10 days ago/),
      }),
    });
    expect(await runDaysLater(31, userChange('idle-user', idle, { maxInactiveDays: '60', newUserGraceDays: '30' }))).toEqual({
      [idle]: expect.objectContaining({ ComplianceType: 'NON_COMPLIANT' }),
    });
  });

  it('reports a user deleted before the notification was handled as NOT_APPLICABLE (IAM NoSuchEntity)', async () => {
    const gone = await createUser('gone-user');
    await iam.send(new DeleteUserCommand({ UserName: 'gone-user' }));
    expect(await runDaysLater(0, userChange('gone-user', gone, { maxInactiveDays: '60' }))).toEqual({
      [gone]: expect.objectContaining({ ComplianceType: 'NOT_APPLICABLE', Annotation: 'user gone-user no longer exists' }),
    });
  });
});
