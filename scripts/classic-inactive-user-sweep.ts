/**
 * The baseline of `npm run bench:rules`: the periodic sweep of an inactive-user rule as teams copy
 * it from the awslabs samples. It lists the users Config recorded (100 a page), then for every
 * user reads its configuration item from the history API and calls GetUser, judges the password
 * alone, and reports in batches of 100. Kept only to be measured against the guard's sweep.
 */
import { ConfigServiceClient, GetResourceConfigHistoryCommand, ListDiscoveredResourcesCommand, PutEvaluationsCommand } from '@aws-sdk/client-config-service';
import { GetUserCommand, IAMClient } from '@aws-sdk/client-iam';

const dayMs = 24 * 60 * 60 * 1000;

export async function classicInactiveUserSweep(
  clients: { config: ConfigServiceClient; iam: IAMClient },
  resultToken: string,
  maxInactiveDays: number,
  now: Date,
): Promise<number> {
  const evaluations: {
    ComplianceResourceType: string;
    ComplianceResourceId: string;
    ComplianceType: 'COMPLIANT' | 'NON_COMPLIANT';
    Annotation: string;
    OrderingTimestamp: Date;
  }[] = [];
  let nextToken: string | undefined;
  do {
    const listed = await clients.config.send(new ListDiscoveredResourcesCommand({ resourceType: 'AWS::IAM::User', limit: 100, nextToken }));
    for (const resource of listed.resourceIdentifiers ?? []) {
      const history = await clients.config.send(
        new GetResourceConfigHistoryCommand({ resourceType: 'AWS::IAM::User', resourceId: resource.resourceId!, limit: 1 }),
      );
      const userName = JSON.parse(history.configurationItems?.[0]?.configuration ?? '{}').userName as string;
      const user = (await clients.iam.send(new GetUserCommand({ UserName: userName }))).User;
      const lastUsed = user?.PasswordLastUsed ?? user?.CreateDate ?? now;
      const inactive = now.getTime() - lastUsed.getTime() > maxInactiveDays * dayMs;
      evaluations.push({
        ComplianceResourceType: 'AWS::IAM::User',
        ComplianceResourceId: resource.resourceId!,
        ComplianceType: inactive ? 'NON_COMPLIANT' : 'COMPLIANT',
        // The sample labels every result the same way.
        Annotation: 'The user has not logged in recently.',
        OrderingTimestamp: now,
      });
    }
    nextToken = listed.nextToken;
  } while (nextToken);
  for (let start = 0; start < evaluations.length; start += 100) {
    await clients.config.send(new PutEvaluationsCommand({ ResultToken: resultToken, Evaluations: evaluations.slice(start, start + 100) }));
  }
  return evaluations.length;
}
