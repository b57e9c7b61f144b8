import { GetUserCommand, GetUserPolicyCommand, IAMClient, User } from '@aws-sdk/client-iam';
import { isAwsErrorCode } from '../common/aws-errors';
import { UserFacts } from './decision';

/**
 * One user's path, tags and the guard's inline policy on it: two IAM reads, whatever the size of
 * the account. Undefined when the user no longer exists (deleted since the event).
 */
export async function readUserFacts(iam: IAMClient, userName: string, policyName: string): Promise<UserFacts | undefined> {
  let user: User | undefined;
  try {
    user = (await iam.send(new GetUserCommand({ UserName: userName }))).User;
  } catch (error) {
    if (isAwsErrorCode(error, 'NoSuchEntityException')) return undefined;
    throw error;
  }
  if (!user) throw new Error(`GetUser ${userName}: the response names no user`);
  let currentPolicyDocument: string | undefined;
  try {
    currentPolicyDocument = (await iam.send(new GetUserPolicyCommand({ UserName: userName, PolicyName: policyName }))).PolicyDocument;
  } catch (error) {
    // The user exists (GetUser said so): NoSuchEntity here means it has no policy of that name.
    if (!isAwsErrorCode(error, 'NoSuchEntityException')) throw error;
  }
  return {
    userName,
    path: user.Path ?? '/',
    tags: Object.fromEntries((user.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? ''])),
    ...(currentPolicyDocument === undefined ? {} : { currentPolicyDocument }),
  };
}
