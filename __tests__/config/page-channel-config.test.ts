import { configProblems } from '../helpers/config-problems';

/** A valid hub-mode config with a second channel; each test breaks one thing. */
function pagedConfig(change: (config: Record<string, any>) => void = () => {}): Record<string, any> {
  const config: Record<string, any> = {
    regions: ['us-east-1'],
    accounts: [
      { id: '111111111111', name: 'security-tooling' },
      { id: '222222222222', name: 'production' },
    ],
    hub: { account: 'security-tooling', organizationId: 'o-a1b2c3d4e5', organizationTrail: { logGroupName: '/organization/cloudtrail' } },
    alerts: { emails: ['secops@example.com'], pageEmails: ['oncall@example.com'] },
    guards: { sgChangeAlert: {} },
  };
  change(config);
  return config;
}

describe('alerts.pageEmails (the second channel)', () => {
  it('accepts other addresses than the alert e-mails in hub mode', () => {
    expect(configProblems(pagedConfig())).toEqual([]);
  });

  it('names an address that is not an e-mail address', () => {
    expect(configProblems(pagedConfig((config) => (config.alerts.pageEmails = ['oncall'])))).toEqual([expect.stringMatching(/^alerts\.pageEmails\[0\]: /)]);
  });

  it('refuses an alert address again (the same inbox is no second channel) and an address twice', () => {
    expect(configProblems(pagedConfig((config) => (config.alerts.pageEmails = ['oncall@example.com', 'SecOps@example.com', 'oncall@example.com'])))).toEqual([
      'alerts.pageEmails[1]: SecOps@example.com is in alerts.emails too: the second channel needs another inbox',
      'alerts.pageEmails[2]: oncall@example.com is listed twice',
    ]);
  });

  it('refuses it in standalone mode, where no organization topic is watched', () => {
    expect(configProblems(pagedConfig((config) => delete config.hub))).toEqual([
      'alerts.pageEmails: is for hub mode only (it watches the organization alert topic); remove it or add hub',
    ]);
  });
});
