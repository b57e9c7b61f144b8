/**
 * Hub mode: the member directory, read from S3 once per container and kept for its life. The
 * environment names the exact object version (member-account-names.ts), so a deploy that changes
 * the directory changes the function's configuration and Lambda starts new containers: a cached
 * directory is never older than the function's configuration. A failed read is not kept: the
 * invocation fails with a {@link MemberDirectoryError} (Lambda retries, then the event reaches the
 * failure destination) and the next invocation reads again. Nothing is acted on without it.
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { describeAwsError } from './aws-errors';
import { MemberAccountSettings, MemberDirectoryLocation, readOwnMemberAccountEnvironment } from './member-account-names';
import { MemberDirectory, parseMemberDirectory } from './member-directory-format';

/** The directory could not be read or parsed: the hub cannot tell which accounts it serves. */
export class MemberDirectoryError extends Error {
  constructor(
    readonly location: MemberDirectoryLocation,
    readonly readError: unknown,
  ) {
    super(
      `cannot read the hub's member directory ${locationText(location)}: ${describeAwsError(readError)}; no event is acted on until it can be read (the event stays in the failure queue)`,
    );
    this.name = 'MemberDirectoryError';
  }
}

function locationText(location: MemberDirectoryLocation): string {
  return `s3://${location.bucket}/${location.key} (version ${location.versionId}, owner ${location.bucketOwner})`;
}

// Created at the first read, in the function's own region (the directory bucket is the region's).
let s3: S3Client | undefined;
const directories = new Map<string, Promise<MemberDirectory>>();

async function fetchDirectory(location: MemberDirectoryLocation): Promise<MemberDirectory> {
  let text: string;
  try {
    const response = await (s3 ??= new S3Client({})).send(
      new GetObjectCommand({ Bucket: location.bucket, Key: location.key, VersionId: location.versionId, ExpectedBucketOwner: location.bucketOwner }),
    );
    if (!response.Body) throw new Error('S3 returned no body');
    text = await response.Body.transformToString('utf-8');
  } catch (error) {
    throw new MemberDirectoryError(location, error);
  }
  try {
    return parseMemberDirectory(text, locationText(location));
  } catch (error) {
    throw new MemberDirectoryError(location, error);
  }
}

/** The directory at `location`, read once per container; a failed read is thrown and read again next time. */
export function loadMemberDirectory(location: MemberDirectoryLocation): Promise<MemberDirectory> {
  const cacheKey = JSON.stringify(location);
  let pending = directories.get(cacheKey);
  if (!pending) {
    pending = fetchDirectory(location);
    directories.set(cacheKey, pending);
    pending.catch(() => directories.delete(cacheKey));
  }
  return pending;
}

/** The function's hub settings: its member role and, in hub mode, the directory (standalone: neither). */
export async function readOwnMemberAccountSettings(partition: string): Promise<MemberAccountSettings> {
  const { remoteRoleName, directory } = readOwnMemberAccountEnvironment();
  return {
    ...(remoteRoleName ? { remoteRoleName } : {}),
    ...(directory ? { directory: await loadMemberDirectory(directory) } : {}),
    partition,
  };
}
