import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { UserFacts } from './decision';

/** The largest page IAM returns. */
const usersPerPage = 1000;

/**
 * Every IAM user of the account, one page (up to 1,000 users) at a time, with its path, tags and
 * attached managed policies. GetAccountAuthorizationDetails rather than ListUsers: it returns the
 * tags and the attached policies in the same page, where ListUsers would need two more calls per user.
 */
export async function* userPages(iam: IAMClient): AsyncGenerator<UserFacts[]> {
  let marker: string | undefined;
  do {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: usersPerPage, Marker: marker }));
    yield (page.UserDetailList ?? []).flatMap((user): UserFacts[] => {
      if (!user.UserName) return [];
      return [
        {
          userName: user.UserName,
          path: user.Path ?? '/',
          tags: Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
          attachedPolicyArns: (user.AttachedManagedPolicies ?? []).flatMap((policy) => (policy.PolicyArn ? [policy.PolicyArn] : [])),
        },
      ];
    });
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
}
