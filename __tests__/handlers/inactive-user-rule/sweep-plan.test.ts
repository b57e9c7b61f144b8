import { ReportedUser } from '../../../handlers/inactive-user-rule/credential-report';
import { parseInactivityPolicy } from '../../../handlers/inactive-user-rule/contract';
import { ListedUser, planSweep } from '../../../handlers/inactive-user-rule/sweep-plan';

const now = new Date('2024-06-30T12:00:00.000Z');
const ordering = new Date('2024-06-30T11:59:00.000Z');
const policy = parseInactivityPolicy({ maxInactiveDays: '90' });
const created = new Date('2023-01-01T00:00:00.000Z');

const listed = (userId: string, userName: string, createdAt = created): ListedUser => ({ userId, userName, createdAt, tags: {} });
const reported = (userName: string, at: string, createdAt = created): ReportedUser => ({
  userName,
  arn: `arn:aws:iam::111122223333:user/${userName}`,
  createdAt,
  uses: [{ credential: 'password', at: new Date(at) }],
});

describe('planSweep', () => {
  it('judges every listed user by id from the report, and marks previously NON_COMPLIANT users that are gone NOT_APPLICABLE', () => {
    const evaluations = planSweep(
      {
        users: [listed('AIDAACTIVE', 'active'), listed('AIDAIDLE', 'idle'), listed('AIDANEW', 'new-since-report', new Date('2024-06-30T10:00:00.000Z'))],
        report: new Map([
          ['active', reported('active', '2024-06-29T00:00:00Z')],
          ['idle', reported('idle', '2024-01-01T00:00:00Z')],
          ['deleted-since', reported('deleted-since', '2020-01-01T00:00:00Z')],
        ]),
        previouslyNonCompliantIds: ['AIDAIDLE', 'AIDAGONE', 'AIDAGONE'],
      },
      policy,
      now,
      ordering,
    );
    expect(evaluations.map((evaluation) => [evaluation.resourceId, evaluation.compliance])).toEqual([
      ['AIDAACTIVE', 'COMPLIANT'],
      ['AIDAIDLE', 'NON_COMPLIANT'],
      ['AIDANEW', 'COMPLIANT'],
      ['AIDAGONE', 'NOT_APPLICABLE'],
    ]);
    expect(evaluations.every((evaluation) => evaluation.resourceType === 'AWS::IAM::User' && evaluation.orderingTimestamp === ordering)).toBe(true);
    expect(evaluations[3].annotation).toBe('user AIDAGONE no longer exists');
  });

  it('does not credit a re-created user with the uses of the deleted user of the same name', () => {
    const [evaluation] = planSweep(
      {
        users: [listed('AIDARECREATED', 'bob', new Date('2024-06-01T00:00:00.000Z'))],
        report: new Map([['bob', reported('bob', '2024-06-29T00:00:00Z', new Date('2022-01-01T00:00:00.000Z'))]]),
        previouslyNonCompliantIds: [],
      },
      policy,
      now,
      ordering,
    );
    expect(evaluation.annotation).toMatch(/^bob: created 29 days ago .*no credential used yet/);
  });
});
