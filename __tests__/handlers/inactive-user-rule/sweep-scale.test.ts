import { handler } from '../../../handlers/inactive-user-rule/index';
import { MockedServices, mockServicesFor, scheduledRuleEvent, simulatedAccount } from '../../../scripts/simulated-iam-account';

// The periodic sweep's calls do not grow with the number of users but for pages (1,000 users per
// listing call, 100 evaluations per report call). Counted, never timed: `npm run bench:rules` times it.
describe('inactive-user-rule periodic sweep of 10,000 users (mocked SDK)', () => {
  // The handler judges against the real clock; the simulated uses are days before it.
  const now = new Date();
  const account = simulatedAccount(10_000, now, 5);
  let services: MockedServices;
  let summary: Awaited<ReturnType<typeof handler>>;

  beforeAll(async () => {
    services = mockServicesFor(account);
    summary = await handler(scheduledRuleEvent(account, now, { maxInactiveDays: '90', newUserGraceDays: '30', exemptTagKey: 'guards:inactive-user-exempt' }));
  });

  afterAll(() => services.restore());

  it('makes one report request and read, 10 listing pages, 3 pages of earlier findings and 101 reports', () => {
    expect(services.callsByCommand()).toEqual({
      GenerateCredentialReport: 1,
      GetAccountAuthorizationDetails: 10,
      GetCredentialReport: 1,
      GetComplianceDetailsByConfigRule: 3,
      PutEvaluations: 101,
    });
    expect(services.totalCalls()).toBe(116);
  });

  it('evaluates every user and every deleted one, with no call per user', () => {
    // One in 50 idle for 200 days and one in 100 that never used a credential in 400+ days.
    expect(summary).toMatchObject({ evaluations: 10_005, byCompliance: { COMPLIANT: 9_700, NON_COMPLIANT: 300, NOT_APPLICABLE: 5 } });
    expect(services.callsByCommand().GetUser).toBeUndefined();
  });
});
