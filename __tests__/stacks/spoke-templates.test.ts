import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadGuardsConfig, parseGuardsConfig } from '../../modules/config/load-guards-config';
import { GuardsConfig } from '../../modules/config/guards-config';
import { synthesizeGuards } from '../../modules/stacks/synthesize';
import { repoRoot, synthOutputFiles } from '../helpers/synth';

function bothWays(config: GuardsConfig): { built: Record<string, string>; templated: Record<string, string> } {
  const built = mkdtempSync(path.join(tmpdir(), 'guards-built-'));
  synthesizeGuards(config, { outdir: built, spokeTemplates: false });
  const templated = mkdtempSync(path.join(tmpdir(), 'guards-templated-'));
  synthesizeGuards(config, { outdir: templated });
  return { built: synthOutputFiles(built), templated: synthOutputFiles(templated) };
}

describe('spoke stacks written from one template per shape', () => {
  it('are byte-identical to building every spoke, for the hub example (tags, a deploy role, an alarmed instance, an opt-in region)', () => {
    const { built, templated } = bothWays(loadGuardsConfig(path.join(repoRoot, 'examples', 'organization.yaml')));
    expect(Object.keys(templated).sort()).toEqual(Object.keys(built).sort());
    for (const file of Object.keys(built)) expect([file, templated[file]]).toEqual([file, built[file]]);
  });

  it('are byte-identical for accounts that differ in the shape-making parts: no deploy role, own guard switches, own tags', () => {
    const config = parseGuardsConfig(
      {
        regions: ['us-east-1', 'eu-west-1', 'us-west-2'],
        accounts: [
          { id: '111111111111', name: 'security' },
          { id: '222222222222', name: 'alpha', roleArn: 'arn:aws:iam::222222222222:role/deployer', tags: { Team: 'a' } },
          { id: '333333333333', name: 'beta', roleArn: 'arn:aws:iam::333333333333:role/deployer', tags: { Team: 'a' } },
          { id: '444444444444', name: 'gamma', guards: { sgChangeAlert: { enabled: false } } },
          {
            id: '555555555555',
            name: 'delta',
            organizationalUnit: 'Sandbox',
            guards: { instanceQuarantine: { alarmInstances: [{ instanceId: 'i-0123456789abcdef0', logGroupName: '/app/x' }] } },
          },
        ],
        hub: { account: 'security', organizationId: 'o-a1b2c3d4e5' },
        backend: { type: 's3', bucket: 'state-bucket', region: 'us-east-1', keyTemplate: 'guards/{accountId}/{account}/{region}.tfstate' },
        guards: { instanceQuarantine: { fleetTrigger: false }, sgChangeAlert: {}, iamChangeAlert: { alarm: false } },
      },
      'templates.yaml',
    );
    const { built, templated } = bothWays(config);
    expect(Object.keys(templated).sort()).toEqual(Object.keys(built).sort());
    expect(Object.keys(built).filter((file) => file.startsWith('stacks/')).length).toBeGreaterThan(15);
    for (const file of Object.keys(built)) expect([file, templated[file]]).toEqual([file, built[file]]);
  });
});
