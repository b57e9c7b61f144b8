import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { MemberAccountSettings, MemberAccounts, UnknownAccountError, accountLabel, sessionName } from '../../../handlers/common/member-accounts';
import { memberDirectoryText, parseMemberDirectory } from '../../../handlers/common/member-directory-format';

const sts = mockClient(STSClient);
const credentials = { AccessKeyId: 'ASIAEXAMPLE000000000', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2026-11-26T18:00:00Z') };

afterEach(() => sts.reset());

describe('MemberAccounts', () => {
  // The directory as the hub stack writes it and the function parses it.
  const directory = parseMemberDirectory(
    memberDirectoryText([
      { id: '222222222222', name: 'production' },
      { id: '333333333333', name: 'staging' },
    ]),
    'test',
  );
  const settings: MemberAccountSettings = { remoteRoleName: 'guards-x-remediation-us-east-1', directory, partition: 'aws' };

  it('assumes each (account, region) once per invocation and shares the pending call', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: credentials });
    const members = new MemberAccounts(new STSClient({ region: 'eu-west-1' }), settings, 'guard');

    await Promise.all([
      members.credentialsFor({ accountId: '222222222222', region: 'eu-west-1' }, 'e1'),
      members.credentialsFor({ accountId: '222222222222', region: 'eu-west-1' }, 'e1'),
    ]);
    await members.credentialsFor({ accountId: '222222222222', region: 'us-east-1' }, 'e1');
    await members.credentialsFor({ accountId: '333333333333', region: 'eu-west-1' }, 'e1');

    expect(sts.commandCalls(AssumeRoleCommand).map((call) => call.args[0].input.RoleArn)).toEqual([
      'arn:aws:iam::222222222222:role/guards-x-remediation-us-east-1',
      'arn:aws:iam::222222222222:role/guards-x-remediation-us-east-1',
      'arn:aws:iam::333333333333:role/guards-x-remediation-us-east-1',
    ]);
  });

  it('uses its own credentials in standalone mode (no role name)', async () => {
    const members = new MemberAccounts(new STSClient({ region: 'eu-west-1' }), { partition: 'aws' }, 'guard');
    await expect(members.credentialsFor({ accountId: '222222222222', region: 'eu-west-1' }, 'e1')).resolves.toBeUndefined();
    expect(sts.calls()).toHaveLength(0);
  });

  it('treats an STS answer without credentials as a failure to assume', async () => {
    sts.on(AssumeRoleCommand).resolves({});
    const members = new MemberAccounts(new STSClient({ region: 'eu-west-1' }), settings, 'guard');
    await expect(members.credentialsFor({ accountId: '222222222222', region: 'eu-west-1' }, 'e1')).rejects.toThrow('STS returned no credentials');
  });

  it('names accounts by id and name, and by id alone when unknown', () => {
    expect(accountLabel(settings, '222222222222')).toBe('222222222222 (production)');
    expect(accountLabel(settings, '444444444444')).toBe('444444444444');
  });

  it('refuses an account its directory does not name, and every account without a directory, before any STS call', () => {
    const members = new MemberAccounts(new STSClient({ region: 'eu-west-1' }), settings, 'guard');
    expect(() => members.credentialsFor({ accountId: '444444444444', region: 'eu-west-1' }, 'e1')).toThrow(UnknownAccountError);
    const withoutDirectory = new MemberAccounts(new STSClient({ region: 'eu-west-1' }), { remoteRoleName: 'r', partition: 'aws' }, 'guard');
    expect(() => withoutDirectory.credentialsFor({ accountId: '222222222222', region: 'eu-west-1' }, 'e1')).toThrow(UnknownAccountError);
    expect(sts.calls()).toHaveLength(0);
  });

  it('rejects a directory that is not the format, naming the object and the part', () => {
    expect(() => parseMemberDirectory('[1]', 's3://b/k')).toThrow('the member directory s3://b/k is malformed: formatVersion must be 1');
    expect(() => parseMemberDirectory('not json', 's3://b/k')).toThrow('the member directory s3://b/k is malformed: not JSON');
    expect(() => parseMemberDirectory('{"formatVersion":1,"accounts":{"12":{"name":"x"}}}', 's3://b/k')).toThrow('"12" is not an account id');
  });
});

describe('sessionName', () => {
  it('keeps the characters STS accepts and at most 64 of them', () => {
    expect(sessionName('instance-quarantine', 'a/b c:d')).toBe('instance-quarantine-a-b-c-d');
    expect(sessionName('instance-quarantine', 'x'.repeat(100))).toHaveLength(64);
    expect(sessionName('g', undefined)).toBe('g-event');
  });
});
