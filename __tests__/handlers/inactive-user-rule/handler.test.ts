import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
// Brings the toHaveReceivedCommand* matchers' types into the type check (jest.config sets them up).
import 'aws-sdk-client-mock-jest';
import { handler } from '../../../handlers/inactive-user-rule/index';
import { changeNotification, configEvent, configRuleFixture, withRuleParameters } from '../../helpers/config-rule-events';
import { recordedResponse } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';
import { fakeClockAt } from '../../helpers/fake-clock';

const config = mockClient(ConfigServiceClient);
const iam = mockClient(IAMClient);

/** Fakes only the clock: the SDK mocks' promises and timers run as usual. */
function setNow(now: string): void {
  fakeClockAt(new Date(now));
}

function reportedEvaluations(): Record<string, unknown>[] {
  return config.commandCalls(PutEvaluationsCommand).flatMap((call) => call.args[0].input.Evaluations ?? []) as unknown as Record<string, unknown>[];
}

/** The recorded credential report (CSV text in placebo) as SDK v3 returns it: bytes. */
function recordedCredentialReport(): { Content: Uint8Array; ReportFormat: 'text/csv'; GeneratedTime: Date } {
  const recorded = recordedResponse<{ Content: string; ReportFormat: 'text/csv'; GeneratedTime: Date }>(
    'test_iam_user_console_old__iam.GetCredentialReport_1.json',
  );
  return { ...recorded, Content: new TextEncoder().encode(recorded.Content) };
}

/** The users of the recorded report as IAM lists them, with ids and creation dates; `tags` by user name. */
function listedUsersOfReport(
  tags: Record<string, Record<string, string>> = {},
): { UserId: string; UserName: string; CreateDate: Date; Tags: { Key: string; Value: string }[] }[] {
  const csv = new TextDecoder().decode(recordedCredentialReport().Content);
  const rows = csv
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
  const byName = new Map(rows.filter(([user]) => user !== '<root_account>').map(([user, , created]) => [user, created]));
  return [...byName].map(([userName, created]) => ({
    UserId: `AIDA${userName.toUpperCase().replace(/[^A-Z0-9]/g, '')}`,
    UserName: userName,
    CreateDate: new Date(created),
    Tags: Object.entries(tags[userName] ?? {}).map(([Key, Value]) => ({ Key, Value })),
  }));
}

const ruleParameters = { maxInactiveDays: '30', newUserGraceDays: '30', exemptUserNames: 'mandeep', exemptTagKey: 'guards:inactive-user-exempt' };

beforeEach(() => {
  config.reset();
  iam.reset();
  config.on(PutEvaluationsCommand).resolves(recordedResponse('test_config_rule_evaluate__config.PutEvaluations_1.json'));
});

afterEach(() => {
  jest.useRealTimers();
});

describe('inactive-user-rule handler, periodic run', () => {
  beforeEach(() => {
    setNow('2016-11-25T11:02:25Z');
    const users = listedUsersOfReport({ steven: { 'guards:inactive-user-exempt': 'yes' } });
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'STARTED' });
    iam.on(GetCredentialReportCommand).resolves(recordedCredentialReport());
    iam
      .on(GetAccountAuthorizationDetailsCommand)
      .resolvesOnce({ UserDetailList: users.slice(0, 10), IsTruncated: true, Marker: 'page-2' })
      .resolvesOnce({ UserDetailList: users.slice(10), IsTruncated: false });
    config.on(GetComplianceDetailsByConfigRuleCommand).resolves({
      EvaluationResults: ['AIDACHRISSY', 'AIDAGONE'].map((ResourceId) => ({
        ComplianceType: 'NON_COMPLIANT',
        EvaluationResultIdentifier: { EvaluationResultQualifier: { ConfigRuleName: 'rule-ec2-test', ResourceType: 'AWS::IAM::User', ResourceId } },
      })),
    });
  });

  it('judges every user from one credential report (real, recorded), keyed by the id Config knows', async () => {
    const event = withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters });
    const summary = await handler(event);

    const byUser = Object.fromEntries(
      reportedEvaluations().map((evaluation) => [evaluation.ComplianceResourceId, [evaluation.ComplianceType, evaluation.Annotation]]),
    );
    expect(Object.keys(byUser)).toHaveLength(20);
    expect(byUser.AIDACHRISSY).toEqual([
      'NON_COMPLIANT',
      'chrissy: no password or access key used for 49 days, more than the 30 allowed (last: password on 2016-10-06)',
    ]);
    expect(byUser.AIDARYANWOLFE[0]).toBe('NON_COMPLIANT');
    expect(byUser.AIDAMATT[0]).toBe('NON_COMPLIANT');
    // Never used a credential: judged by creation date, 36 days ago and 9 days ago.
    expect(byUser.AIDAC7NTEST).toEqual([
      'NON_COMPLIANT',
      'c7n-test: never used a password or access key in the 36 days since it was created (2016-10-19); new users have 30',
    ]);
    expect(byUser.AIDAC7NIAMTEST[0]).toBe('COMPLIANT');
    // "no_information" is no use: jeff has never used a credential IAM knows of.
    expect(byUser.AIDAJEFF[0]).toBe('NON_COMPLIANT');
    // Listed twice in the report; its second row holds recent uses.
    expect(byUser.AIDACHRISTOPHER[0]).toBe('COMPLIANT');
    // 29 days and 22 hours since the last use.
    expect(byUser.AIDAANTHONY).toEqual(['COMPLIANT', 'anthony: last used its password 29 days ago (2016-10-26); the limit is 30']);
    expect(byUser.AIDAKAPIL).toEqual(['COMPLIANT', 'kapil: last used its access key 1 0 days ago (2016-11-25); the limit is 30']);
    expect(byUser.AIDAMANDEEP).toEqual(['COMPLIANT', 'mandeep: exempt by name (rule parameter exemptUserNames)']);
    expect(byUser.AIDASTEVEN).toEqual(['COMPLIANT', 'steven: exempt by tag guards:inactive-user-exempt']);
    // Reported NON_COMPLIANT last time and gone since.
    expect(byUser.AIDAGONE).toEqual(['NOT_APPLICABLE', 'user AIDAGONE no longer exists']);
    expect(summary).toMatchObject({ trigger: 'scheduled', evaluations: 20, byCompliance: { COMPLIANT: 14, NON_COMPLIANT: 5, NOT_APPLICABLE: 1 } });
  });

  it('asks for the report first, lists users while IAM generates it, and reports under the result token', async () => {
    const event = withRuleParameters(configEvent('awsConfigRuleScheduled.json'), { ruleParameters });
    await handler(event);

    expect(iam.calls().map((call) => call.args[0].constructor.name)).toEqual([
      'GenerateCredentialReportCommand',
      'GetAccountAuthorizationDetailsCommand',
      'GetAccountAuthorizationDetailsCommand',
      'GetCredentialReportCommand',
    ]);
    expect(iam.commandCalls(GetAccountAuthorizationDetailsCommand).map((call) => call.args[0].input)).toEqual([
      { Filter: ['User'], MaxItems: 1000 },
      { Filter: ['User'], MaxItems: 1000, Marker: 'page-2' },
    ]);
    expect(config).toHaveReceivedCommandWith(GetComplianceDetailsByConfigRuleCommand, {
      ConfigRuleName: 'rule-ec2-test',
      ComplianceTypes: ['NON_COMPLIANT'],
      Limit: 100,
    });
    expect(config).toHaveReceivedCommandTimes(PutEvaluationsCommand, 1);
    expect(config).toHaveReceivedCommandWith(PutEvaluationsCommand, { ResultToken: event.resultToken as string });
    expect(reportedEvaluations().every((evaluation) => (evaluation.OrderingTimestamp as Date).toISOString() === '2023-04-27T13:26:17.741Z')).toBe(true);
    expect(iam).not.toHaveReceivedCommand(GetUserCommand);
  });
});

describe('inactive-user-rule handler, change notifications', () => {
  beforeEach(() => setNow('2019-03-13T12:56:10Z'));

  it('reads one changed user directly: password and every access key (recorded GetUser and ListAccessKeys)', async () => {
    iam.on(GetUserCommand).resolves(recordedResponse('test_iam_user_usage__iam.GetUser_1.json'));
    iam.on(ListAccessKeysCommand).resolves(recordedResponse('test_iam_user_credential_reverse_filter_delete__iam.ListAccessKeys_1.json'));
    iam
      .on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAJEZJDQQX4TZNRMKQ' })
      .resolves({ UserName: 'kapil', AccessKeyLastUsed: { LastUsedDate: new Date('2019-03-12T08:00:00Z'), ServiceName: 's3', Region: 'us-east-1' } })
      .on(GetAccessKeyLastUsedCommand, { AccessKeyId: 'AKIAIFX6HPKAM5F7JVAA' })
      .resolves({ UserName: 'kapil', AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' } });

    await handler(changeNotification(configRuleFixture('inactive-user-rule', 'user-kapil'), { ruleParameters: { maxInactiveDays: '90' } }));

    expect(iam).toHaveReceivedCommandWith(GetUserCommand, { UserName: 'kapil' });
    expect(iam).toHaveReceivedCommandWith(ListAccessKeysCommand, { UserName: 'kapil' });
    expect(iam).toHaveReceivedCommandTimes(GetAccessKeyLastUsedCommand, 2);
    expect(iam).not.toHaveReceivedCommand(GetCredentialReportCommand);
    expect(reportedEvaluations()).toEqual([
      {
        ComplianceResourceType: 'AWS::IAM::User',
        ComplianceResourceId: 'AIDAJEZOTH6YPO3DY45QW',
        ComplianceType: 'COMPLIANT',
        Annotation: 'kapil: last used its access key ...RMKQ 1 day ago (2019-03-12); the limit is 90',
        OrderingTimestamp: new Date('2019-03-13T12:50:00.000Z'),
      },
    ]);
  });

  it('reports a user deleted before it could be read NOT_APPLICABLE', async () => {
    iam.on(GetUserCommand).rejects(sdkError('iam', 'NoSuchEntityException', 'The user with name kapil cannot be found.'));
    await handler(changeNotification(configRuleFixture('inactive-user-rule', 'user-kapil'), { ruleParameters: { maxInactiveDays: '90' } }));
    expect(reportedEvaluations()).toEqual([
      expect.objectContaining({ ComplianceResourceId: 'AIDAJEZOTH6YPO3DY45QW', ComplianceType: 'NOT_APPLICABLE', Annotation: 'user kapil no longer exists' }),
    ]);
  });

  it('reports a deleted user NOT_APPLICABLE from its configuration item, reading nothing', async () => {
    await handler(changeNotification(configRuleFixture('inactive-user-rule', 'user-deleted'), { ruleParameters: { maxInactiveDays: '90' } }));
    expect(iam.calls()).toHaveLength(0);
    expect(reportedEvaluations()).toEqual([
      expect.objectContaining({
        ComplianceResourceId: 'AIDAJ3VW2JW3JBQZS4HAM',
        ComplianceType: 'NOT_APPLICABLE',
        Annotation: 'AWS::IAM::User AIDAJ3VW2JW3JBQZS4HAM was deleted',
      }),
    ]);
  });

  it('reads an oversized user item from the Config history API', async () => {
    const kapil = configRuleFixture('inactive-user-rule', 'user-kapil');
    config.on(GetResourceConfigHistoryCommand).resolves({
      configurationItems: [
        {
          resourceType: 'AWS::IAM::User',
          resourceId: 'AIDAJEZOTH6YPO3DY45QW',
          resourceName: 'kapil',
          configurationItemStatus: 'OK',
          configurationItemCaptureTime: new Date('2019-03-13T12:50:00.000Z'),
          configuration: JSON.stringify(kapil.configuration),
        },
      ],
    });
    iam.on(GetUserCommand).resolves(recordedResponse('test_iam_user_usage__iam.GetUser_1.json'));
    iam.on(ListAccessKeysCommand).resolves({ AccessKeyMetadata: [] });
    const oversized = configEvent('awsConfigRuleOversizedConfiguration.json');
    const summary = JSON.parse(String(oversized.invokingEvent));
    summary.configurationItemSummary = { ...summary.configurationItemSummary, resourceType: 'AWS::IAM::User', resourceId: 'AIDAJEZOTH6YPO3DY45QW' };

    await handler(withRuleParameters({ ...oversized, invokingEvent: JSON.stringify(summary) }, { ruleParameters: { maxInactiveDays: '90' } }));

    expect(config).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, {
      resourceType: 'AWS::IAM::User',
      resourceId: 'AIDAJEZOTH6YPO3DY45QW',
      limit: 1,
    });
    expect(reportedEvaluations()).toEqual([
      expect.objectContaining({ ComplianceType: 'COMPLIANT', Annotation: 'kapil: last used its password 3 days ago (2019-03-09); the limit is 90' }),
    ]);
  });

  it('requires maxInactiveDays, naming it, before any call', async () => {
    await expect(handler(changeNotification(configRuleFixture('inactive-user-rule', 'user-kapil'), { ruleParameters: {} }))).rejects.toThrow(
      /maxInactiveDays is required/,
    );
    expect(iam.calls()).toHaveLength(0);
    expect(config.calls()).toHaveLength(0);
  });
});
