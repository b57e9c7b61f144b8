import { ResourceEvaluation, verdict } from '../config-rule/verdict';
import { ReportedUser } from './credential-report';
import { decideUser } from './decision';
import { InactivityPolicy } from './contract';

export const iamUserType = 'AWS::IAM::User';

/** A user as IAM lists it: Config knows users by their id, not their name. */
export interface ListedUser {
  readonly userId: string;
  readonly userName: string;
  readonly createdAt: Date;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SweepFacts {
  /** Every user of the account now. */
  readonly users: readonly ListedUser[];
  /** The credential report, by user name; a user created after it was generated is absent. */
  readonly report: ReadonlyMap<string, ReportedUser>;
  /** Ids of the users the rule last reported NON_COMPLIANT. */
  readonly previouslyNonCompliantIds: readonly string[];
}

/** Slack between IAM's creation time in the user list and in the report. */
const sameCreationToleranceMs = 1000;

/**
 * The report's uses and active keys of a listed user, unless the reported user is an older one of the same name
 * (deleted and re-created since the report was generated).
 */
function reportedCredentials(user: ListedUser, report: ReadonlyMap<string, ReportedUser>): Pick<ReportedUser, 'uses' | 'activeAccessKeys'> {
  const reported = report.get(user.userName);
  // Created since the report was generated (hours ago): it has no key old enough to be idle too long.
  const newSinceReport = { uses: [], activeAccessKeys: [] };
  if (!reported) return newSinceReport;
  if (reported.createdAt && Math.abs(reported.createdAt.getTime() - user.createdAt.getTime()) > sameCreationToleranceMs) return newSinceReport;
  return { uses: reported.uses, ...(reported.activeAccessKeys ? { activeAccessKeys: reported.activeAccessKeys } : {}) };
}

/**
 * The evaluations of a periodic run: every user judged from the credential report (a user absent
 * from it has used nothing yet and is judged by its creation date), and every user reported
 * NON_COMPLIANT before that no longer exists, NOT_APPLICABLE.
 */
export function planSweep(facts: SweepFacts, policy: InactivityPolicy, now: Date, orderingTimestamp: Date): ResourceEvaluation[] {
  const current = new Set(facts.users.map((user) => user.userId));
  const judged = facts.users.map((user) => ({
    resourceType: iamUserType,
    resourceId: user.userId,
    orderingTimestamp,
    ...decideUser({ ...user, ...reportedCredentials(user, facts.report) }, policy, now),
  }));
  const deleted = [...new Set(facts.previouslyNonCompliantIds)]
    .filter((userId) => !current.has(userId))
    .map((userId) => ({ resourceType: iamUserType, resourceId: userId, orderingTimestamp, ...verdict('NOT_APPLICABLE', `user ${userId} no longer exists`) }));
  return [...judged, ...deleted];
}
