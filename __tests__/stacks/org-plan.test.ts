import { parseGuardsConfig } from '../../modules/config/load-guards-config';
import { guardRegistry } from '../../modules/stacks/guard-registry';
import { planStacks } from '../../modules/stacks/org-plan';
import { instanceQuarantineDefaults } from '../../modules/instance-quarantine/settings';

const config = parseGuardsConfig(
  {
    homeRegion: 'us-east-1',
    regions: ['us-east-1', 'eu-west-1'],
    accounts: [
      { id: '111111111111', name: 'prod' },
      { id: '222222222222', name: 'dev', regions: ['us-east-1', 'eu-south-2'], guards: { instanceQuarantine: { dryRun: true } } },
      { id: '333333333333', name: 'sandbox', guards: { instanceQuarantine: { enabled: false }, inactiveUserRule: { enabled: false } } },
    ],
    guards: { instanceQuarantine: { fleetThreshold: 9 }, inactiveUserRule: { maxInactiveDays: 90 } },
  },
  'org.yaml',
);

describe('planStacks', () => {
  it("makes one stack per (account, region), with each account's own regions", () => {
    expect(planStacks(config).map((plan) => plan.name)).toEqual(['prod-us-east-1', 'prod-eu-west-1', 'dev-us-east-1', 'dev-eu-south-2']);
  });

  it("resolves settings once: the account's over the organization's, key by key, over the defaults; drops switched-off guards", () => {
    const [prod, , dev] = planStacks(config);
    const quarantineSettings = (plan: typeof prod) => plan.guards.find((guard) => guard.definition.configKey === 'instanceQuarantine')?.settings;
    // The documented defaults (settings.ts TSDoc): dry run off, snapshots on, the 401 filter.
    expect(quarantineSettings(prod)).toMatchObject({ fleetThreshold: 9, dryRun: false, snapshotVolumes: true, filterPattern: '401' });
    expect(quarantineSettings(dev)).toMatchObject({ fleetThreshold: 9, dryRun: true, snapshotVolumes: true });
    // Every setting with a default is there, so no guard code merges defaults again.
    expect(Object.keys(quarantineSettings(prod)!).sort()).toEqual(Object.keys(instanceQuarantineDefaults).sort());
    expect(planStacks(config).some((plan) => plan.account.name === 'sandbox')).toBe(false);
  });

  it('places global guards in the home region only and regional guards everywhere', () => {
    const plans = planStacks(config);
    const configured = guardRegistry.filter((definition) => ['instanceQuarantine', 'inactiveUserRule'].includes(definition.configKey));
    // One guard of each scope, so that both placements are checked.
    expect(new Set(configured.map((definition) => definition.scope))).toEqual(new Set(['regional', 'global']));
    for (const definition of configured) {
      const regionsWithGuard = plans.filter((plan) => plan.guards.some((guard) => guard.definition === definition)).map((plan) => plan.region);
      const expectedRegions = definition.scope === 'global' ? ['us-east-1'] : ['us-east-1', 'eu-west-1', 'eu-south-2'];
      expect(new Set(regionsWithGuard)).toEqual(new Set(expectedRegions));
    }
    expect(plans.find((plan) => plan.name === 'prod-us-east-1')?.isHomeRegion).toBe(true);
    expect(plans.find((plan) => plan.name === 'prod-eu-west-1')?.isHomeRegion).toBe(false);
  });

  it('keeps only the selected accounts (by name or id) and regions', () => {
    expect(planStacks(config, { accounts: ['222222222222'], regions: ['us-east-1'] }).map((plan) => plan.name)).toEqual(['dev-us-east-1']);
    expect(planStacks(config, { accounts: ['prod', 'dev'], regions: ['eu-south-2'] }).map((plan) => plan.name)).toEqual(['dev-eu-south-2']);
  });

  it('rejects a selection that names no account or region of the config', () => {
    expect(() => planStacks(config, { accounts: ['prd'], regions: ['mars-1'] })).toThrow(
      '--accounts: prd is not an account name or id of the config\n--regions: mars-1 is not a region of the config',
    );
  });
});
