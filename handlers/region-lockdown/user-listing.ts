import { GetAccountAuthorizationDetailsCommand, IAMClient } from '@aws-sdk/client-iam';
import { UserFacts } from './decision';

/** The largest page IAM returns. */
const usersPerPage = 1000;

/**
 * Every IAM user of the account, one page (up to 1,000 users) at a time, with its path, tags and the
 * guard's inline policy. GetAccountAuthorizationDetails rather than ListUsers: it returns the tags
 * and the inline policy documents in the same page, where ListUsers would need two more calls per user.
 */
export async function* userPages(iam: IAMClient, policyName: string): AsyncGenerator<UserFacts[]> {
  let marker: string | undefined;
  do {
    const page = await iam.send(new GetAccountAuthorizationDetailsCommand({ Filter: ['User'], MaxItems: usersPerPage, Marker: marker }));
    yield (page.UserDetailList ?? []).flatMap((user): UserFacts[] => {
      if (!user.UserName) return [];
      const guardPolicy = (user.UserPolicyList ?? []).find((policy) => policy.PolicyName === policyName);
      return [
        {
          userName: user.UserName,
          path: user.Path ?? '/',
          tags: Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
          ...(guardPolicy?.PolicyDocument === undefined ? {} : { currentPolicyDocument: guardPolicy.PolicyDocument }),
        },
      ];
    });
    marker = page.IsTruncated ? page.Marker : undefined;
  } while (marker);
}
