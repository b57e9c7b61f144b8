/**
 * A simulated account of many IAM users behind mocked AWS SDK clients (aws-sdk-client-mock), for
 * `npm run bench:rules` and the test that counts the sweep's calls. Nothing reaches AWS.
 */
import {
  ConfigServiceClient,
  GetComplianceDetailsByConfigRuleCommand,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  PutEvaluationsCommand,
} from '@aws-sdk/client-config-service';
import {
  GenerateCredentialReportCommand,
  GetAccountAuthorizationDetailsCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  IAMClient,
} from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';

const dayMs = 24 * 60 * 60 * 1000;

export interface SimulatedUser {
  readonly userId: string;
  readonly userName: string;
  readonly createdAt: Date;
  readonly passwordLastUsed?: Date;
  readonly accessKeyLastUsed?: Date;
  readonly tags: Record<string, string>;
}

export interface SimulatedAccount {
  readonly accountId: string;
  readonly users: readonly SimulatedUser[];
  /** Users the rule reported NON_COMPLIANT in its last run: the idle ones, and some deleted since. */
  readonly previouslyNonCompliantIds: readonly string[];
}

/**
 * `userCount` users: mostly active (password or access key used in the last weeks), one in 50
 * idle for 200 days, one in 100 that never used a credential, one in 500 tagged exempt; plus
 * `deletedCount` users reported NON_COMPLIANT before and deleted since. Deterministic.
 */
export function simulatedAccount(userCount: number, now: Date, deletedCount = 0): SimulatedAccount {
  const users = Array.from({ length: userCount }, (_, index): SimulatedUser => {
    const daysAgo = (days: number) => new Date(now.getTime() - days * dayMs - (index % 3600) * 1000);
    const idle = index % 50 === 7;
    const neverUsed = index % 100 === 13;
    return {
      userId: `AIDA${String(index).padStart(17, '0')}`,
      userName: `user-${String(index).padStart(5, '0')}`,
      createdAt: daysAgo(400 + (index % 300)),
      ...(neverUsed ? {} : { passwordLastUsed: daysAgo(idle ? 200 : index % 30) }),
      ...(neverUsed || index % 2 ? {} : { accessKeyLastUsed: daysAgo(idle ? 210 : index % 10) }),
      tags: index % 500 === 11 ? { 'guards:inactive-user-exempt': 'true' } : {},
    };
  });
  const idleIds = users.filter((_, index) => index % 50 === 7).map((user) => user.userId);
  const deletedIds = Array.from({ length: deletedCount }, (_, index) => `AIDADELETED${String(index).padStart(10, '0')}`);
  return { accountId: '123456789012', users, previouslyNonCompliantIds: [...idleIds, ...deletedIds] };
}

const reportDate = (date: Date | undefined): string => (date ? date.toISOString().replace(/\.\d{3}Z$/, '+00:00') : 'N/A');

/** The account's IAM credential report (CSV), as GetCredentialReport returns it. */
export function credentialReportCsv(account: SimulatedAccount): string {
  const header =
    'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated';
  const root = `<root_account>,arn:aws:iam::${account.accountId}:root,2016-05-16T18:13:11+00:00,not_supported,2024-01-01T00:00:00+00:00,not_supported,not_supported,true,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A`;
  const rows = account.users.map((user) =>
    [
      user.userName,
      `arn:aws:iam::${account.accountId}:user/${user.userName}`,
      reportDate(user.createdAt),
      'true',
      reportDate(user.passwordLastUsed),
      'N/A',
      'N/A',
      'false',
      String(user.accessKeyLastUsed !== undefined),
      'N/A',
      reportDate(user.accessKeyLastUsed),
      'N/A',
      'N/A',
      'false',
      'N/A',
      'N/A',
      'N/A',
      'N/A',
      'false',
      'N/A',
      'false',
      'N/A',
    ].join(','),
  );
  return [header, root, ...rows].join('\n');
}

/** Pages of `size` from the token a previous page returned (the item index as text). */
function page<T>(items: readonly T[], token: string | undefined, size: number): { items: T[]; next?: string } {
  const start = token ? Number(token) : 0;
  const end = Math.min(start + size, items.length);
  return { items: items.slice(start, end), ...(end < items.length ? { next: String(end) } : {}) };
}

export interface MockedServices {
  /** Calls made so far, by command name. */
  callsByCommand(): Record<string, number>;
  totalCalls(): number;
  restore(): void;
}

/**
 * IAM and AWS Config answering for the simulated account, with the page sizes the real APIs
 * allow: the credential report, GetAccountAuthorizationDetails (1,000 users a page),
 * GetComplianceDetailsByConfigRule (100), PutEvaluations; and for the classic sweep
 * ListDiscoveredResources (100), GetResourceConfigHistory and GetUser per user.
 */
export function mockServicesFor(account: SimulatedAccount): MockedServices {
  const iam = mockClient(IAMClient);
  const config = mockClient(ConfigServiceClient);
  const byName = new Map(account.users.map((user) => [user.userName, user]));
  const byId = new Map(account.users.map((user) => [user.userId, user]));

  iam.on(GenerateCredentialReportCommand).resolves({ State: 'STARTED' });
  iam.on(GetCredentialReportCommand).callsFake(() => ({
    Content: new TextEncoder().encode(credentialReportCsv(account)),
    ReportFormat: 'text/csv',
    GeneratedTime: new Date(),
  }));
  iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { Marker?: string; MaxItems?: number }) => {
    const { items, next } = page(account.users, input.Marker, Math.min(input.MaxItems ?? 100, 1000));
    return {
      UserDetailList: items.map((user) => ({
        UserId: user.userId,
        UserName: user.userName,
        Arn: `arn:aws:iam::${account.accountId}:user/${user.userName}`,
        Path: '/',
        CreateDate: user.createdAt,
        Tags: Object.entries(user.tags).map(([Key, Value]) => ({ Key, Value })),
      })),
      IsTruncated: next !== undefined,
      ...(next ? { Marker: next } : {}),
    };
  });
  iam.on(GetUserCommand).callsFake((input: { UserName: string }) => {
    const user = byName.get(input.UserName)!;
    return { User: { UserId: user.userId, UserName: user.userName, Arn: '', Path: '/', CreateDate: user.createdAt, PasswordLastUsed: user.passwordLastUsed } };
  });

  config.on(GetComplianceDetailsByConfigRuleCommand).callsFake((input: { NextToken?: string; Limit?: number }) => {
    const { items, next } = page(account.previouslyNonCompliantIds, input.NextToken, Math.min(input.Limit ?? 10, 100));
    return {
      EvaluationResults: items.map((userId) => ({
        ComplianceType: 'NON_COMPLIANT',
        EvaluationResultIdentifier: {
          EvaluationResultQualifier: { ConfigRuleName: 'guards-inactive-users', ResourceType: 'AWS::IAM::User', ResourceId: userId },
        },
      })),
      ...(next ? { NextToken: next } : {}),
    };
  });
  config.on(ListDiscoveredResourcesCommand).callsFake((input: { nextToken?: string; limit?: number }) => {
    const { items, next } = page(account.users, input.nextToken, Math.min(input.limit ?? 100, 100));
    return {
      resourceIdentifiers: items.map((user) => ({ resourceType: 'AWS::IAM::User', resourceId: user.userId, resourceName: user.userName })),
      ...(next ? { nextToken: next } : {}),
    };
  });
  config.on(GetResourceConfigHistoryCommand).callsFake((input: { resourceId: string }) => {
    const user = byId.get(input.resourceId)!;
    return {
      configurationItems: [
        {
          resourceType: 'AWS::IAM::User',
          resourceId: user.userId,
          resourceName: user.userName,
          configurationItemStatus: 'OK',
          configurationItemCaptureTime: user.createdAt,
          configuration: JSON.stringify({ userName: user.userName, userId: user.userId, createDate: user.createdAt.toISOString() }),
        },
      ],
    };
  });
  config.on(PutEvaluationsCommand).resolves({ FailedEvaluations: [] });

  const callsByCommand = (): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const call of [...iam.calls(), ...config.calls()]) {
      const name = (call.args[0] as { constructor: { name: string } }).constructor.name.replace(/Command$/, '');
      counts[name] = (counts[name] ?? 0) + 1;
    }
    return counts;
  };
  return {
    callsByCommand,
    totalCalls: () => iam.calls().length + config.calls().length,
    restore: () => {
      iam.restore();
      config.restore();
    },
  };
}

/** The periodic invocation AWS Config sends the inactive-user rule. */
export function scheduledRuleEvent(account: SimulatedAccount, notificationTime: Date, ruleParameters: Record<string, string>): Record<string, unknown> {
  return {
    version: '1.0',
    invokingEvent: JSON.stringify({
      awsAccountId: account.accountId,
      notificationCreationTime: notificationTime.toISOString(),
      messageType: 'ScheduledNotification',
      recordVersion: '1.0',
    }),
    ruleParameters: JSON.stringify(ruleParameters),
    resultToken: 'bench-result-token',
    eventLeftScope: false,
    executionRoleArn: `arn:aws:iam::${account.accountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig`,
    configRuleArn: `arn:aws:config:us-east-1:${account.accountId}:config-rule/config-rule-bench1`,
    configRuleName: 'guards-inactive-users',
    configRuleId: 'config-rule-bench1',
    accountId: account.accountId,
    evaluationMode: 'DETECTIVE',
  };
}
