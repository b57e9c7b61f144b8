import { GetAccessKeyLastUsedCommand, GetUserCommand, IAMClient, ListAccessKeysCommand } from '@aws-sdk/client-iam';
import { isAwsErrorCode } from '../common/aws-errors';
import { ActiveAccessKey, CredentialUse } from './credential-use';
import { UserFacts } from './decision';

/**
 * One user's facts read directly from IAM (2 calls, plus one per access key, at most 2): exact to
 * the moment, unlike the credential report, which may be four hours old. Undefined when the user
 * no longer exists.
 */
export async function readUserFacts(iam: IAMClient, userName: string): Promise<UserFacts | undefined> {
  let user;
  try {
    user = (await iam.send(new GetUserCommand({ UserName: userName }))).User;
  } catch (error) {
    if (isAwsErrorCode(error, 'NoSuchEntityException')) return undefined;
    throw error;
  }
  if (!user?.CreateDate) return undefined;
  const uses: CredentialUse[] = user.PasswordLastUsed ? [{ credential: 'password', at: user.PasswordLastUsed }] : [];
  const keys = (await iam.send(new ListAccessKeysCommand({ UserName: userName }))).AccessKeyMetadata ?? [];
  const activeAccessKeys: ActiveAccessKey[] = [];
  for (const key of keys) {
    if (!key.AccessKeyId) continue;
    const lastUsed = (await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }))).AccessKeyLastUsed;
    // An access key id is an identifier, not a secret; its last four characters are enough to tell keys apart.
    const credential = `access key ...${key.AccessKeyId.slice(-4)}`;
    if (lastUsed?.LastUsedDate) uses.push({ credential, at: lastUsed.LastUsedDate });
    if (key.Status === 'Active') {
      activeAccessKeys.push({
        credential,
        ...(key.CreateDate ? { createdAt: key.CreateDate } : {}),
        ...(lastUsed?.LastUsedDate ? { lastUsedAt: lastUsed.LastUsedDate } : {}),
      });
    }
  }
  return {
    userName,
    createdAt: user.CreateDate,
    uses,
    activeAccessKeys,
    tags: Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
  };
}
