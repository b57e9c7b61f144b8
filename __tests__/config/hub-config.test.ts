import { configProblems } from '../helpers/config-problems';

/** A valid hub-mode config; each test breaks one thing. */
function hubConfig(change: (config: Record<string, any>) => void = () => {}): Record<string, any> {
  const config: Record<string, any> = {
    regions: ['us-east-1', 'eu-west-1'],
    accounts: [
      { id: '111111111111', name: 'security-tooling' },
      { id: '222222222222', name: 'production' },
    ],
    hub: { account: 'security-tooling', organizationId: 'o-a1b2c3d4e5', organizationTrail: { logGroupName: '/organization/cloudtrail' } },
    guards: { instanceQuarantine: {}, sgChangeAlert: {}, iamChangeAlert: {}, signinAlert: {} },
  };
  change(config);
  return config;
}

describe('hub mode config', () => {
  it('accepts a hub config with every guard the hub runs', () => {
    expect(configProblems(hubConfig())).toEqual([]);
  });

  it('names hub.account when it is not one of the accounts', () => {
    expect(configProblems(hubConfig((config) => (config.hub.account = 'secops')))).toEqual([
      'hub.account: must be the name of one of accounts (security-tooling, production)',
    ]);
  });

  it('reserves the account name hub for the hub stacks', () => {
    expect(configProblems(hubConfig((config) => (config.accounts[1].name = 'hub')))).toEqual([
      'accounts[1].name: hub is reserved for the hub stacks in hub mode',
    ]);
  });

  it('requires an organization id of the right shape', () => {
    expect(configProblems(hubConfig((config) => delete config.hub.organizationId))).toEqual([expect.stringMatching(/^hub\.organizationId: /)]);
    expect(configProblems(hubConfig((config) => (config.hub.organizationId = 'r-1234')))).toEqual([
      'hub.organizationId: must be an organization id such as o-a1b2c3d4e5',
    ]);
  });

  it('names the hub account regions when they miss the home region or a member region', () => {
    expect(configProblems(hubConfig((config) => (config.accounts[0].regions = ['eu-west-1'])))).toEqual([
      'accounts[0].regions: must include the home region us-east-1, where the account-wide guards live',
      'accounts[0].regions: the hub account runs the guards of every member region; add us-east-1 (or remove its own regions list)',
    ]);
    expect(
      configProblems(
        hubConfig((config) => {
          config.accounts[1].regions = ['us-east-1', 'eu-south-2'];
          config.accounts[0].regions = ['us-east-1', 'eu-west-1'];
        }),
      ),
    ).toEqual(['accounts[0].regions: the hub account runs the guards of every member region; add eu-south-2 (or remove its own regions list)']);
  });

  it('names standalone-only settings: a trail per account, the fleet flow, the agent setup, log groups made for members', () => {
    expect(
      configProblems(
        hubConfig((config) => {
          config.guards.signinAlert = { createTrail: true };
          config.guards.instanceQuarantine = { fleetTrigger: true, agentSetup: true, createLogGroups: true };
          config.guards.iamChangeAlert = { trailLogGroupName: '/guards/cloudtrail' };
        }),
      ),
    ).toEqual([
      'guards.instanceQuarantine.fleetTrigger: CloudWatch Logs cannot invoke a function in another account; the fleet flow is standalone mode only',
      'guards.instanceQuarantine.agentSetup: not available in hub mode yet (the agent setup would live in every member account)',
      'guards.instanceQuarantine.createLogGroups: member accounts own their application log groups in hub mode; the alarms read them as they are',
      'guards.signinAlert.createTrail: hub mode reads the organization trail (hub.organizationTrail) instead of a trail per account',
      'guards.iamChangeAlert.trailLogGroupName: hub mode reads hub.organizationTrail.logGroupName',
    ]);
  });

  it('refuses networkAclDeny in hub mode, for the organization and for an account, naming the field and why', () => {
    const why =
      'not available in hub mode: IAM cannot limit CreateNetworkAclEntry to deny entries (no condition key on the rule action), so a taken-over hub function could add allow entries in every member; use it in standalone mode';
    expect(
      configProblems(
        hubConfig((config) => {
          config.guards.instanceQuarantine = { networkAclDeny: true };
        }),
      ),
    ).toEqual([`guards.instanceQuarantine.networkAclDeny: ${why}`]);
    expect(
      configProblems(
        hubConfig((config) => {
          config.accounts[1].guards = { instanceQuarantine: { networkAclDeny: true } };
        }),
      ),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^accounts\[1\]\.guards\.instanceQuarantine\.networkAclDeny: /)]));
  });

  it('asks for the organization trail where a guard reads it', () => {
    expect(
      configProblems(
        hubConfig((config) => {
          delete config.hub.organizationTrail;
          config.guards.iamChangeAlert = { alarm: true };
        }),
      ),
    ).toEqual([
      'guards.signinAlert: in hub mode the sign-in alert reads an organization trail: set hub.organizationTrail.logGroupName, or disable it',
      'guards.iamChangeAlert.alarm: the IAM-change alarm reads an organization trail in hub mode: set hub.organizationTrail.logGroupName',
    ]);
  });

  it('accepts the Config rules as organization rules (the default), with accounts switched off', () => {
    expect(
      configProblems(
        hubConfig((config) => {
          config.guards.exposedPortsRule = { forbiddenPorts: [22] };
          config.guards.inactiveUserRule = { maxInactiveDays: 45 };
          config.accounts[1].guards = { inactiveUserRule: { enabled: false } };
        }),
      ),
    ).toEqual([]);
  });

  it('names what the organization rules cannot do: per-account rules, a recorder, per-account rule settings', () => {
    expect(
      configProblems(
        hubConfig((config) => {
          config.hub.configRules = 'per-account';
          config.guards.exposedPortsRule = {};
          config.guards.inactiveUserRule = { createConfigRecorder: true, enabled: false };
          config.accounts[1].guards = { exposedPortsRule: { forbiddenPorts: [3389] } };
        }),
      ),
    ).toEqual([
      'guards.exposedPortsRule: hub.configRules: per-account is not available yet; use organization (the default), or deploy without hub (standalone mode)',
      'guards.inactiveUserRule.createConfigRecorder: an organization rule evaluates in each member\'s own recorder; check the members\' recorders (docs/hub-mode.md, "Config rules") instead',
      'accounts[1].guards.exposedPortsRule.forbiddenPorts: one hub function serves every account: set it under guards.exposedPortsRule (per account, hub mode takes only enabled)',
      'accounts[1].guards.exposedPortsRule: hub.configRules: per-account is not available yet; use organization (the default), or deploy without hub (standalone mode)',
    ]);
  });

  it('accepts region-lockdown in hub mode with the organization settings', () => {
    expect(
      configProblems(hubConfig((config) => (config.guards.regionLockdown = { allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'all-regional' }))),
    ).toEqual([]);
    expect(
      configProblems(
        hubConfig((config) => {
          config.guards.regionLockdown = { allowedRegions: ['us-east-1'] };
          config.accounts[1].guards = { regionLockdown: { enabled: false } };
        }),
      ),
    ).toEqual([]);
  });

  it('names region-lockdown settings one hub function cannot honour: per-account regions, the SCP, a home region without IAM events', () => {
    expect(
      configProblems(
        hubConfig((config) => {
          config.guards.regionLockdown = {
            allowedRegions: ['us-east-1', 'eu-west-1'],
            organizationsMode: { managementAccountId: '111111111111', targetIds: ['ou-ab12-cd34ef56'] },
          };
          config.accounts[1].guards = { regionLockdown: { allowedRegions: ['us-east-1'] } };
        }),
      ),
    ).toEqual([
      expect.stringMatching(
        /^guards\.regionLockdown\.organizationsMode: the service control policy is made by the management account's standalone stack; hub mode has no such stack/,
      ),
      'accounts[1].guards.regionLockdown.allowedRegions: one hub function serves every account: set it under guards.regionLockdown (per account, hub mode takes only enabled)',
    ]);
    expect(
      configProblems(
        hubConfig((config) => {
          config.homeRegion = 'eu-west-1';
          config.guards.regionLockdown = { allowedRegions: ['us-east-1', 'eu-west-1'] };
        }),
      ),
    ).toEqual(
      expect.arrayContaining([
        'guards.regionLockdown.enabled: IAM delivers its CloudTrail events in us-east-1 only, so the members forward them from there: set homeRegion: us-east-1 (it is eu-west-1)',
      ]),
    );
  });

  it('names per-account settings a shared hub function cannot honour', () => {
    expect(
      configProblems(
        hubConfig((config) => {
          config.accounts[1].guards = {
            instanceQuarantine: { dryRun: true, alarmInstances: [{ instanceId: 'i-0123456789abcdef0', logGroupName: '/app/web-01' }] },
          };
        }),
      ),
    ).toEqual([
      'accounts[1].guards.instanceQuarantine.dryRun: one hub function serves every account: set it under guards.instanceQuarantine (per account, hub mode takes only enabled, alarmInstances)',
    ]);
  });

  it('names alarmed instances listed for the whole organization', () => {
    expect(
      configProblems(
        hubConfig((config) => (config.guards.instanceQuarantine = { alarmInstances: [{ instanceId: 'i-0123456789abcdef0', logGroupName: '/app/web-01' }] })),
      ),
    ).toEqual([
      'guards.instanceQuarantine.alarmInstances: an instance belongs to one account: list it under accounts[n].guards.instanceQuarantine.alarmInstances',
    ]);
  });

  it('names an artifact organization id other than the hub one', () => {
    expect(
      configProblems(
        hubConfig(
          (config) =>
            (config.handlerCode = {
              source: 'bucket',
              account: 'security-tooling',
              bucketPrefix: 'guards-artifacts',
              organizationId: 'o-zzzzzzzzzz',
              publisherArns: ['arn:aws:iam::111111111111:role/guards-deployer'],
            }),
        ),
      ),
    ).toEqual(['handlerCode.organizationId: names o-zzzzzzzzzz, but hub.organizationId is o-a1b2c3d4e5']);
  });
});
