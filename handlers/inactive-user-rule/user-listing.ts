import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { ListedUser } from './sweep-plan';

/** The largest page IAM returns. */
const usersPerPage = 1000;

/**
 * Every IAM user of the account with its id, creation date and tags, 1,000 per call.
 * GetAccountAuthorizationDetails rather than ListUsers: ListUsers returns no tags, which the tag
 * exemption needs, and one ListUserTags per user is what the rule must not do.
 */
export async function listUsers(iam: IAMClient): Promise<ListedUser[]> {
  const users: ListedUser[] = [];
  let marker: string | undefined;
  do {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: usersPerPage, Marker: marker }));
    for (const user of page.UserDetailList ?? []) {
      if (!user.UserId || !user.UserName || !user.CreateDate) continue;
      users.push({
        userId: user.UserId,
        userName: user.UserName,
        createdAt: user.CreateDate,
        tags: Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
      });
    }
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
  return users;
}
