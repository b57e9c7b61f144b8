import { ConfigServiceClient, GetComplianceDetailsByConfigRuleCommand } from '@aws-sdk/client-config-service';
import { iamUserType } from './sweep-plan';

/** The largest page Config returns. */
const resultsPerPage = 100;

/**
 * Ids of the users the rule last reported NON_COMPLIANT. Only those: a deleted user still shown
 * NON_COMPLIANT is a false finding, while reading every COMPLIANT result too would cost one call
 * per 100 users. Deleted users normally become NOT_APPLICABLE through their change notification.
 */
export async function nonCompliantUserIds(config: ConfigServiceClient, ruleName: string): Promise<string[]> {
  const userIds: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await config.send(
      new GetComplianceDetailsByConfigRuleCommand({
        ConfigRuleName: ruleName,
        ComplianceTypes: ['NON_COMPLIANT'],
        Limit: resultsPerPage,
        NextToken: nextToken,
      }),
    );
    for (const result of page.EvaluationResults ?? []) {
      const qualifier = result.EvaluationResultIdentifier?.EvaluationResultQualifier;
      if (qualifier?.ResourceType === iamUserType && qualifier.ResourceId) userIds.push(qualifier.ResourceId);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return userIds;
}
