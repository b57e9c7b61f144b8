import { ConfigServiceClient, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { EvaluationsRejectedError } from './config-rule-errors';
import { ResourceEvaluation } from './verdict';

/** PutEvaluations takes at most this many evaluations per call. */
export const evaluationsPerCall = 100;

/** The result token of `StartConfigRulesEvaluation` test runs: Config must not store their results. */
const testModeToken = 'TESTMODE';

/**
 * Reports evaluations to AWS Config under the invocation's result token, in calls of at most 100,
 * one after the other (Config throttles PutEvaluations per account). Throws
 * {@link EvaluationsRejectedError} naming the resources Config refused, after sending every batch.
 * Returns the number of calls made.
 */
export async function putEvaluations(config: ConfigServiceClient, resultToken: string, evaluations: readonly ResourceEvaluation[]): Promise<number> {
  const rejected: string[] = [];
  let calls = 0;
  for (let start = 0; start < evaluations.length; start += evaluationsPerCall) {
    const batch = evaluations.slice(start, start + evaluationsPerCall);
    const response = await config.send(
      new PutEvaluationsCommand({
        ResultToken: resultToken,
        Evaluations: batch.map((evaluation) => ({
          ComplianceResourceType: evaluation.resourceType,
          ComplianceResourceId: evaluation.resourceId,
          ComplianceType: evaluation.compliance,
          Annotation: evaluation.annotation,
          OrderingTimestamp: evaluation.orderingTimestamp,
        })),
        ...(resultToken === testModeToken ? { TestMode: true } : {}),
      }),
    );
    calls += 1;
    for (const failed of response.FailedEvaluations ?? []) rejected.push(`${failed.ComplianceResourceType} ${failed.ComplianceResourceId}`);
  }
  if (rejected.length > 0) {
    throw new EvaluationsRejectedError(`AWS Config rejected ${rejected.length} of ${evaluations.length} evaluations: ${rejected.slice(0, 10).join(', ')}`);
  }
  return calls;
}
