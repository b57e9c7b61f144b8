import { AttachUserPolicyCommand, GetUserCommand, IAMClient } from '@aws-sdk/client-iam';
import { isAwsErrorCode } from '../common/aws-errors';
import { DenyAttachError } from './region-lockdown-errors';

/** IAM's "not found" error (the SDK names it `NoSuchEntityException`; see common/aws-errors). */
export function isNoSuchEntity(error: unknown): boolean {
  return isAwsErrorCode(error, 'NoSuchEntityException');
}

/** IAM's quota error (too many managed policies attached to the user). */
function isLimitExceeded(error: unknown): boolean {
  return isAwsErrorCode(error, 'LimitExceededException');
}

/**
 * Attaches the guard's managed deny policies to a user. Returns false when the user no longer exists.
 * IAM answers NoSuchEntity both for a missing user and for a missing policy: the user is looked up
 * again to tell which, so that a deleted deny policy is never mistaken for a deleted user.
 */
export async function attachDeny(iam: IAMClient, userName: string, policyArns: readonly string[]): Promise<boolean> {
  for (const policyArn of policyArns) {
    try {
      await iam.send(new AttachUserPolicyCommand({ UserName: userName, PolicyArn: policyArn }));
    } catch (error) {
      if (isNoSuchEntity(error)) {
        if (!(await userExists(iam, userName))) return false;
        throw new DenyAttachError(
          userName,
          `${userName}: IAM says the deny policy ${policyArn} does not exist or cannot be attached: re-apply the guard's Terraform`,
        );
      }
      if (isLimitExceeded(error)) {
        throw new DenyAttachError(
          userName,
          `${userName}: IAM refused the region deny ${policyArn} because the user already has the most managed policies IAM allows; move some of them to groups`,
        );
      }
      throw error;
    }
  }
  return true;
}

async function userExists(iam: IAMClient, userName: string): Promise<boolean> {
  try {
    await iam.send(new GetUserCommand({ UserName: userName }));
    return true;
  } catch (error) {
    if (isNoSuchEntity(error)) return false;
    throw error;
  }
}
