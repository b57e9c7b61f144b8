import { IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { isAwsErrorCode } from '../common/aws-errors';
import { RegionDenyPolicy, iamPolicySize, userInlinePolicyLimit } from './region-deny-policy';
import { UserPolicyQuotaError } from './region-lockdown-errors';

/**
 * Puts the deny as the user's inline policy of the guard's name (creating or replacing it: the
 * same call either way, so a re-run changes nothing). Returns false when the user no longer exists.
 */
export async function putDeny(iam: IAMClient, userName: string, policyName: string, deny: RegionDenyPolicy): Promise<boolean> {
  const document = JSON.stringify(deny);
  try {
    await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: policyName, PolicyDocument: document }));
    return true;
  } catch (error) {
    if (isAwsErrorCode(error, 'NoSuchEntityException')) return false;
    if (isAwsErrorCode(error, 'LimitExceededException')) {
      throw new UserPolicyQuotaError(
        userName,
        `${userName}: IAM refused the region deny (${iamPolicySize(document)} characters) because the user's inline policies ` +
          `would then exceed ${userInlinePolicyLimit} characters in all. Move the user's other inline policies to managed policies or groups.`,
      );
    }
    throw error;
  }
}
