/** What the region-lockdown stacks tell the function (shared with modules/: one definition). */

/**
 * Hub mode: the name of the deny policy every member holds (its home-region spoke stack makes it);
 * the function builds the ARN per member account, in place of POLICY_ARNS.
 */
export const denyPolicyNameVariable = 'DENY_POLICY_NAME';
