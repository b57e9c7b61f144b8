import { GetUserCommand, IAMClient, ListAttachedUserPoliciesCommand, User } from '@aws-sdk/client-iam';
import { isNoSuchEntity } from './attach-deny';
import { UserFacts } from './decision';

/**
 * One user's path, tags and attached managed policies: two IAM reads (a user holds at most 20
 * managed policies, one page), whatever the size of the account. Undefined when the user no longer
 * exists (deleted since the event).
 */
export async function readUserFacts(iam: IAMClient, userName: string): Promise<UserFacts | undefined> {
  let user: User | undefined;
  try {
    user = (await iam.send(new GetUserCommand({ UserName: userName }))).User;
  } catch (error) {
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
  if (!user) throw new Error(`GetUser ${userName}: the response names no user`);
  const attachedPolicyArns: string[] = [];
  let marker: string | undefined;
  try {
    do {
      const page = await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName, Marker: marker }));
      attachedPolicyArns.push(...(page.AttachedPolicies ?? []).flatMap((policy) => (policy.PolicyArn ? [policy.PolicyArn] : [])));
      marker = page.IsTruncated ? page.Marker : undefined;
    } while (marker);
  } catch (error) {
    // Deleted between the two reads.
    if (isNoSuchEntity(error)) return undefined;
    throw error;
  }
  return {
    userName,
    path: user.Path ?? '/',
    tags: Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
    attachedPolicyArns,
  };
}
