import { GenerateCredentialReportCommand, GetCredentialReportCommand, IAMClient } from '@aws-sdk/client-iam';
import { mockClient } from 'aws-sdk-client-mock';
// Brings the toHaveReceivedCommand* matchers' types into the type check (jest.config sets them up).
import 'aws-sdk-client-mock-jest';
import { parseCredentialReport } from '../../../handlers/inactive-user-rule/credential-report';
import { readCredentialReport } from '../../../handlers/inactive-user-rule/credential-report-source';
import { CredentialReportFormatError, CredentialReportTimeoutError } from '../../../handlers/inactive-user-rule/inactive-user-errors';
import { recordedResponse } from '../../helpers/fixtures';
import { sdkError } from '../../helpers/sdk-errors';

const recordedCsv = recordedResponse<{ Content: string }>('test_iam_user_console_old__iam.GetCredentialReport_1.json').Content;

describe('parseCredentialReport on the recorded report', () => {
  const report = parseCredentialReport(recordedCsv);

  it('holds every IAM user once, not the root account', () => {
    expect(report.size).toBe(19);
    expect(report.has('<root_account>')).toBe(false);
  });

  it('collects the password and both access keys, and keeps no date where IAM has none', () => {
    expect(report.get('kit')?.uses).toEqual([
      { credential: 'password', at: new Date('2016-11-23T16:12:45Z') },
      { credential: 'access key 1', at: new Date('2016-11-22T17:07:00Z') },
      { credential: 'access key 2', at: new Date('2016-11-23T22:21:00Z') },
    ]);
    // Access key 1 active but never used; no password.
    expect(report.get('c7n-iam-test')).toEqual({
      userName: 'c7n-iam-test',
      arn: 'arn:aws:iam::644160558196:user/c7n-iam-test',
      createdAt: new Date('2016-11-15T21:04:17Z'),
      uses: [],
      activeAccessKeys: [{ credential: 'access key 1', createdAt: new Date('2016-11-15T21:04:17Z') }],
    });
    // "no_information": the password was last used before IAM tracked it.
    expect(report.get('jeff')?.uses).toEqual([]);
  });

  it('lists the active access keys with their rotation and last-use dates (for judging each credential)', () => {
    expect(report.get('kit')?.activeAccessKeys?.map((key) => key.credential)).toEqual(expect.arrayContaining(['access key 1']));
    for (const user of report.values()) expect(user.activeAccessKeys).toBeDefined();
  });

  it('leaves the active keys unknown when the report lacks their columns', () => {
    const csv =
      'user,arn,user_creation_time,password_last_used,access_key_1_last_used_date,access_key_2_last_used_date\nbob,arn:aws:iam::1:user/bob,2020-01-01T00:00:00+00:00,N/A,N/A,N/A\n';
    expect(parseCredentialReport(csv).get('bob')?.activeAccessKeys).toBeUndefined();
  });

  it('merges a user listed on two rows', () => {
    expect(report.get('christopher')?.uses.map((use) => use.credential)).toEqual(['password', 'access key 1']);
  });

  it('reads a quoted user name that holds a comma (RFC 4180)', () => {
    const [header, firstRow] = recordedCsv.split('\n');
    const columns = header.split(',').length;
    const quoted = `"smith,john",arn:aws:iam::1:user/smith,2020-01-01T00:00:00+00:00${',N/A'.repeat(columns - 3)}`;
    expect(firstRow.split(',').length).toBe(columns);
    expect(parseCredentialReport(`${header}\n${quoted}\n`).get('smith,john')?.createdAt).toEqual(new Date('2020-01-01T00:00:00Z'));
  });

  it('names a missing column', () => {
    expect(() => parseCredentialReport('user,arn,user_creation_time\nalice,arn:aws:iam::1:user/alice,2020-01-01T00:00:00+00:00')).toThrow(
      new CredentialReportFormatError('the credential report has no password_last_used column'),
    );
    expect(() => parseCredentialReport('')).toThrow(/empty/);
  });
});

describe('readCredentialReport', () => {
  const iam = mockClient(IAMClient);
  const client = new IAMClient({});
  const waits: number[] = [];
  const waiting = { attempts: 4, delayMs: 4000, wait: async (milliseconds: number) => void waits.push(milliseconds) };
  const ready = { Content: new TextEncoder().encode(recordedCsv), ReportFormat: 'text/csv' as const };
  const notReady = sdkError('iam', 'CredentialReportNotReadyException', 'Report is being generated');

  beforeEach(() => {
    iam.reset();
    waits.length = 0;
  });

  it('waits while IAM still generates the report, then decodes its bytes', async () => {
    iam.on(GetCredentialReportCommand).rejectsOnce(notReady).rejectsOnce(notReady).resolves(ready);
    expect(await readCredentialReport(client, waiting)).toBe(recordedCsv);
    expect(waits).toEqual([4000, 4000]);
    expect(iam).toHaveReceivedCommandTimes(GetCredentialReportCommand, 3);
  });

  it('asks again when the report expired meanwhile', async () => {
    iam
      .on(GetCredentialReportCommand)
      .rejectsOnce(sdkError('iam', 'CredentialReportExpiredException', 'expired'))
      .resolves(ready);
    iam.on(GenerateCredentialReportCommand).resolves({ State: 'STARTED' });
    expect(await readCredentialReport(client, waiting)).toBe(recordedCsv);
    expect(iam).toHaveReceivedCommandTimes(GenerateCredentialReportCommand, 1);
  });

  it('gives up after the last attempt, saying how long it waited', async () => {
    iam.on(GetCredentialReportCommand).rejects(notReady);
    await expect(readCredentialReport(client, waiting)).rejects.toThrow(
      new CredentialReportTimeoutError('the IAM credential report was not ready after 4 reads 4000 ms apart'),
    );
    expect(waits).toHaveLength(3);
  });

  it('lets any other failure through at once', async () => {
    iam.on(GetCredentialReportCommand).rejects(sdkError('iam', 'ServiceFailureException', 'IAM failed'));
    await expect(readCredentialReport(client, waiting)).rejects.toThrow('IAM failed');
    expect(waits).toHaveLength(0);
  });
});
