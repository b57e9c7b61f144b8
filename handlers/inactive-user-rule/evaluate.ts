import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { IAMClient } from '@aws-sdk/client-iam';
import { changedItem } from '../config-rule/changed-item';
import { ChangeInvocation, OversizedChangeInvocation } from '../config-rule/config-event';
import { ResourceEvaluation, verdict } from '../config-rule/verdict';
import { parseCredentialReport } from './credential-report';
import { ReportWaiting, defaultReportWaiting, readCredentialReport, requestCredentialReport } from './credential-report-source';
import { decideUser } from './decision';
import { nonCompliantUserIds } from './previous-results';
import { InactivityPolicy } from './contract';
import { readUserFacts } from './single-user';
import { iamUserType, planSweep } from './sweep-plan';
import { listUsers } from './user-listing';

export interface RuleClients {
  readonly config: ConfigServiceClient;
  readonly iam: IAMClient;
}

function userNameOf(configuration: unknown, resourceName: string | undefined): string | undefined {
  const userName = configuration !== null && typeof configuration === 'object' ? (configuration as Record<string, unknown>).userName : undefined;
  return typeof userName === 'string' && userName !== '' ? userName : resourceName;
}

/** One changed user, from its current credential use read directly from IAM. */
export async function evaluateUserChange(
  invocation: ChangeInvocation | OversizedChangeInvocation,
  policy: InactivityPolicy,
  clients: RuleClients,
  now: Date,
): Promise<ResourceEvaluation> {
  const changed = await changedItem(invocation, [iamUserType], clients.config);
  if (!changed.applicable) return changed.evaluation;
  const { item } = changed;
  const subject = { resourceType: item.resourceType, resourceId: item.resourceId, orderingTimestamp: item.captureTime };
  const userName = userNameOf(item.configuration, item.resourceName);
  const facts = userName ? await readUserFacts(clients.iam, userName) : undefined;
  if (!facts) return { ...subject, ...verdict('NOT_APPLICABLE', `user ${userName ?? item.resourceId} no longer exists`) };
  return { ...subject, ...decideUser(facts, policy, now) };
}

/**
 * The periodic run over every user of the account: one credential report (asked for first, so
 * that IAM generates it while the users are listed), the user list in pages of 1,000, and the
 * users last reported NON_COMPLIANT. Independent of the number of users but for those pages.
 */
export async function evaluateEveryUser(
  ruleName: string,
  policy: InactivityPolicy,
  clients: RuleClients,
  now: Date,
  orderingTimestamp: Date,
  waiting: ReportWaiting = defaultReportWaiting,
): Promise<ResourceEvaluation[]> {
  await requestCredentialReport(clients.iam);
  const users = await listUsers(clients.iam);
  const previouslyNonCompliantIds = await nonCompliantUserIds(clients.config, ruleName);
  const report = parseCredentialReport(await readCredentialReport(clients.iam, waiting));
  return planSweep({ users, report, previouslyNonCompliantIds }, policy, now, orderingTimestamp);
}
