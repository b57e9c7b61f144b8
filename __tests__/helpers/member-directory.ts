/**
 * Hub mode's member directory on a moto server, as the hub stack writes it (a versioned bucket, the
 * object under its key): the handlers read it through their real S3 client, and the test sets the
 * location variables a hub function gets from its stack.
 */
import { BucketLocationConstraint, CreateBucketCommand, PutBucketVersioningCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { memberDirectoryVariables } from '../../handlers/common/member-account-names';
import { memberDirectoryKey, memberDirectoryText } from '../../handlers/common/member-directory-format';
import { MotoServer } from './moto-server';

/** The bucket owner the location names (moto's account: it owns every bucket it makes). */
export const motoAccountId = '123456789012';
export const testDirectoryBucket = `guards-hub-directory-${motoAccountId}-us-east-1`;

export type DirectoryAccounts = Readonly<Record<string, string>>;
export type DirectoryLists = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

/** Sends S3 calls (only those) of this process to the moto server, with moto's credentials. */
export function s3ToMoto(server: MotoServer): void {
  const environment = server.clientEnvironment(process.env.AWS_REGION);
  process.env.AWS_ENDPOINT_URL_S3 = environment.AWS_ENDPOINT_URL;
  for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_EC2_METADATA_DISABLED']) {
    process.env[name] = environment[name];
  }
}

/**
 * Writes a directory of `accounts` (id -> name) and `lists` to the server, in a fresh versioned
 * bucket unless it exists, and sets the function's location variables to the version written
 * (each write is a new version: a new cold-start read). Returns the variables.
 */
export async function writeMemberDirectory(server: MotoServer, accounts: DirectoryAccounts, lists: DirectoryLists = {}): Promise<Record<string, string>> {
  // In the function's region, as the hub stack makes it (S3 names a region other than us-east-1 at creation).
  const region = process.env.AWS_REGION ?? 'us-east-1';
  const s3 = new S3Client({ endpoint: server.endpoint, region, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  try {
    await s3.send(
      new CreateBucketCommand({
        Bucket: testDirectoryBucket,
        ...(region === 'us-east-1' ? {} : { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }),
    );
  } catch (error) {
    if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw error;
  }
  await s3.send(new PutBucketVersioningCommand({ Bucket: testDirectoryBucket, VersioningConfiguration: { Status: 'Enabled' } }));
  const text = memberDirectoryText(
    Object.entries(accounts).map(([id, name]) => ({ id, name })),
    [lists],
  );
  const { VersionId } = await s3.send(new PutObjectCommand({ Bucket: testDirectoryBucket, Key: memberDirectoryKey, Body: text }));
  if (!VersionId) throw new Error('moto gave the directory object no version id (is the bucket versioned?)');
  const variables = {
    [memberDirectoryVariables.bucket]: testDirectoryBucket,
    [memberDirectoryVariables.versionId]: VersionId,
    [memberDirectoryVariables.bucketOwner]: motoAccountId,
  };
  Object.assign(process.env, variables);
  return variables;
}

/** Removes the location variables (standalone mode). */
export function clearMemberDirectory(): void {
  for (const name of Object.values(memberDirectoryVariables)) delete process.env[name];
}

/**
 * For a suite whose SDK clients are otherwise mocked: a moto server for S3 alone, started before
 * the suite, and `write` to put a directory there and point the function at it.
 */
export function useMemberDirectoryOnMoto(): { write: (accounts: DirectoryAccounts, lists?: DirectoryLists) => Promise<Record<string, string>> } {
  let server: MotoServer | undefined;
  beforeAll(async () => {
    server = await MotoServer.start();
    s3ToMoto(server);
  }, 120_000);
  afterAll(() => server?.stop());
  afterEach(() => clearMemberDirectory());
  return {
    write: (accounts, lists) => {
      if (!server) throw new Error('the member directory server is not running (beforeAll failed?)');
      return writeMemberDirectory(server, accounts, lists);
    },
  };
}
