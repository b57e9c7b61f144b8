import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { MemberAccounts, accountLabel, readMemberAccountSettings, sessionName } from '../../../handlers/common/member-accounts';

const sts = mockClient(STSClient);
const credentials = { AccessKeyId: 'ASIAEXAMPLE000000000', SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date('2026-11-26T18:00:00Z') };

afterEach(() => sts.reset());

describe('MemberAccounts', () => {
  const settings = readMemberAccountSettings(
    { REMOTE_ROLE_NAME: 'guards-x-remediation-us-east-1', ACCOUNT_NAMES: '{"222222222222":"production","333333333333":"staging"}' },
    'aws',
  );

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
    const members = new MemberAccounts(new STSClient({ region: 'eu-west-1' }), readMemberAccountSettings({}, 'aws'), 'guard');
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

  it('rejects an account map that is not a JSON object, naming the variable', () => {
    expect(() => readMemberAccountSettings({ ACCOUNT_NAMES: '[1]' }, 'aws')).toThrow('ACCOUNT_NAMES environment variable must be a JSON object');
    expect(() => readMemberAccountSettings({ ACCOUNT_NAMES: 'not json' }, 'aws')).toThrow('ACCOUNT_NAMES environment variable must be a JSON object');
  });
});

describe('sessionName', () => {
  it('keeps the characters STS accepts and at most 64 of them', () => {
    expect(sessionName('instance-quarantine', 'a/b c:d')).toBe('instance-quarantine-a-b-c-d');
    expect(sessionName('instance-quarantine', 'x'.repeat(100))).toHaveLength(64);
    expect(sessionName('g', undefined)).toBe('g-event');
  });
});
