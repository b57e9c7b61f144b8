/**
 * The member directory as a hub function reads it: from S3 (a moto server), once per container,
 * and never acted on when it cannot be read (faults: SDK-shaped errors of a stubbed client).
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { memberDirectoryKey } from '../../../handlers/common/member-directory-format';
import { MemberDirectoryError, loadMemberDirectory, readOwnMemberAccountSettings } from '../../../handlers/common/member-directory';
import { readMemberAccountEnvironment } from '../../../handlers/common/member-account-names';
import { MotoServer } from '../../helpers/moto-server';
import { motoAccountId, s3ToMoto, testDirectoryBucket, writeMemberDirectory } from '../../helpers/member-directory';
import { sdkError } from '../../helpers/sdk-errors';

process.env.AWS_REGION = 'us-east-1';
let server: MotoServer;
beforeAll(async () => {
  server = await MotoServer.start();
  s3ToMoto(server);
}, 120_000);
afterAll(() => server.stop());

const accounts = { '111111111111': 'security-tooling', '222222222222': 'production' };
const lists = { alarmedInstances: { '222222222222': ['i-0123456789abcdef0'] } };
const s3 = () => new S3Client({ endpoint: server.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });

describe('the member directory of a hub function', () => {
  it('reads the version its environment names: every account served, its name and its lists', async () => {
    await writeMemberDirectory(server, accounts, lists);

    const settings = await readOwnMemberAccountSettings('aws');

    expect([...settings.directory!.accounts.keys()]).toEqual(['111111111111', '222222222222']);
    expect(settings.directory!.accounts.get('222222222222')).toEqual({ name: 'production', lists: { alarmedInstances: ['i-0123456789abcdef0'] } });
    expect(settings.directory!.accounts.get('111111111111')).toEqual({ name: 'security-tooling', lists: {} });
  });

  it('reads it once per container: a later read of the same version makes no S3 call', async () => {
    const variables = await writeMemberDirectory(server, accounts, lists);
    const location = readMemberAccountEnvironment(variables).directory!;
    const first = await loadMemberDirectory(location);
    // Gone from S3 now: only a kept directory can answer.
    await s3().send(new DeleteObjectCommand({ Bucket: testDirectoryBucket, Key: memberDirectoryKey, VersionId: location.versionId }));

    await expect(loadMemberDirectory(location)).resolves.toBe(first);
  });

  it('reads the exact version: one written later (not by the deploy that configured the function) is not read', async () => {
    const variables = await writeMemberDirectory(server, accounts);
    await s3().send(
      new PutObjectCommand({
        Bucket: testDirectoryBucket,
        Key: memberDirectoryKey,
        Body: JSON.stringify({ formatVersion: 1, accounts: { '999999999999': { name: 'intruder' } } }),
      }),
    );

    const directory = await loadMemberDirectory(readMemberAccountEnvironment(variables).directory!);

    expect(directory.accounts.has('999999999999')).toBe(false);
    expect(directory.accounts.get('222222222222')?.name).toBe('production');
  });

  it('fails with the object and the version when that version does not exist (NoSuchVersion from S3)', async () => {
    await writeMemberDirectory(server, accounts);
    const location = { ...readMemberAccountEnvironment(process.env).directory!, versionId: 'nhaBSlLdx0Ew5OUEZr0rMBLBJGYTqBS8' };

    const read = loadMemberDirectory(location);

    await expect(read).rejects.toBeInstanceOf(MemberDirectoryError);
    await expect(read).rejects.toThrow(
      `cannot read the hub's member directory s3://${testDirectoryBucket}/${memberDirectoryKey} (version nhaBSlLdx0Ew5OUEZr0rMBLBJGYTqBS8, owner ${motoAccountId}): NoSuch`,
    );
  });

  it('fails on AccessDenied, naming it, and keeps no failure: the next invocation reads again', async () => {
    const variables = await writeMemberDirectory(server, accounts);
    const location = readMemberAccountEnvironment(variables).directory!;
    const stub = mockClient(S3Client);
    stub
      .on(GetObjectCommand)
      .rejects(
        sdkError(
          's3',
          'AccessDenied',
          'User: arn:aws:sts::123456789012:assumed-role/guards-detections-us-east-1/x is not authorized to perform: s3:GetObjectVersion',
          403,
        ),
      );
    try {
      await expect(loadMemberDirectory(location)).rejects.toThrow(
        /member directory .*: AccessDenied: User: .* is not authorized to perform: s3:GetObjectVersion; no event is acted on/,
      );
    } finally {
      stub.restore();
    }

    await expect(loadMemberDirectory(location)).resolves.toMatchObject({ accounts: expect.any(Map) });
  });

  it('refuses a malformed directory, naming the object and the part', async () => {
    await writeMemberDirectory(server, accounts);
    const { VersionId } = await s3().send(
      new PutObjectCommand({
        Bucket: testDirectoryBucket,
        Key: memberDirectoryKey,
        Body: JSON.stringify({ formatVersion: 1, accounts: { '222222222222': { name: 'production', alarmedInstances: 'i-1' } } }),
      }),
    );
    const location = { ...readMemberAccountEnvironment(process.env).directory!, versionId: VersionId! };

    await expect(loadMemberDirectory(location)).rejects.toThrow(
      /member directory s3:\/\/.* is malformed: accounts\.222222222222\.alarmedInstances must be a list of strings/,
    );
  });
});

describe('the hub variables of a function', () => {
  it('need every location variable together, and a directory wherever the function acts in members', () => {
    expect(() => readMemberAccountEnvironment({ MEMBER_DIRECTORY_BUCKET: 'b' })).toThrow(
      'MEMBER_DIRECTORY_VERSION_ID, MEMBER_DIRECTORY_BUCKET_OWNER environment variable is not set',
    );
    expect(() => readMemberAccountEnvironment({ REMOTE_ROLE_NAME: 'guards-x-remediation-us-east-1' })).toThrow(
      'MEMBER_DIRECTORY_BUCKET environment variable is not set: a hub function (REMOTE_ROLE_NAME is set) needs its member directory',
    );
    // Standalone: nothing set, nothing read.
    expect(readMemberAccountEnvironment({})).toEqual({});
  });
});
