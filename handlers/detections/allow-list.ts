import { describeCaller } from '../common/caller-identity';
import { CloudTrailRecord, textAt } from '../common/cloudtrail-record';
import type { DetectionAllowance } from './contract';

/** `*` stands for any run of characters; everything else is literal. */
function wildcardMatches(pattern: string, value: string): boolean {
  const expression = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${expression}$`).test(value);
}

/** The allowance (of this detection) that makes the call expected, if any. Pure. */
export function allowanceFor(detectionId: string, record: CloudTrailRecord, allowList: readonly DetectionAllowance[]): DetectionAllowance | undefined {
  const caller = describeCaller(record.userIdentity);
  // An assumed role is allowed by its role ARN too (arn:aws:iam::<account>:role/<name>), not only its session.
  const issuer = textAt(record.userIdentity, 'sessionContext', 'sessionIssuer', 'arn');
  const arns = [caller.arn, issuer].filter((arn): arn is string => !!arn);
  const invokedBy = textAt(record.userIdentity, 'invokedBy');
  return allowList.find(
    (entry) =>
      entry.detection === detectionId &&
      ((entry.principalArns ?? []).some((pattern) => arns.some((arn) => wildcardMatches(pattern, arn))) ||
        (caller.accountId !== undefined && (entry.accounts ?? []).includes(caller.accountId)) ||
        (invokedBy !== undefined && (entry.invokedBy ?? []).includes(invokedBy))),
  );
}
