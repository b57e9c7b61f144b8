import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadGuardsConfig, parseGuardsConfig } from '../../modules/config/load-guards-config';
import { configProblems } from '../helpers/config-problems';
import { repoRoot } from '../helpers/synth';

const minimal = { regions: ['eu-west-1'], homeRegion: 'eu-west-1', accounts: [{ id: '111122223333', name: 'prod' }] };

function writeTemp(name: string, text: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'guards-config-')), name);
  writeFileSync(file, text);
  return file;
}

describe('guards config', () => {
  it('loads the example as it is and fills the documented defaults', () => {
    const config = loadGuardsConfig(path.join(repoRoot, 'examples', 'single-account.yaml'));
    expect(config.accounts).toEqual([{ id: '123456789012', name: 'sandbox', roleArn: 'arn:aws:iam::123456789012:role/guards-deployer' }]);
    expect(config.guards.instanceQuarantine?.alarmInstances).toEqual([
      { instanceId: 'i-0123456789abcdef0', logGroupName: '/guards/instance-quarantine/web-01' },
    ]);
    expect(config.backend).toEqual({ type: 'local' });
  });

  it('fills defaults for a minimal config', () => {
    const config = parseGuardsConfig(minimal, 'guards.yaml');
    expect(config.name).toBe('guards');
    expect(config.alerts.emails).toEqual([]);
    expect(config.guards).toEqual({});
  });

  it('names the field of every problem', () => {
    expect(
      configProblems({
        ...minimal,
        accounts: [{ id: '1234', name: 'Prod Account', roleArn: 'arn:aws:iam::999999999999:role/x' }],
        alerts: { emails: ['not-an-address'] },
      }),
    ).toEqual([
      'accounts[0].id: must be a 12-digit AWS account id (quote it in YAML)',
      'accounts[0].name: must be 2-32 lowercase letters, digits or dashes, starting with a letter',
      expect.stringMatching(/^alerts\.emails\[0\]: /),
      "accounts[0].roleArn: names account 999999999999, not the entry's id 1234",
    ]);
  });

  it('rejects unknown keys, at any depth, by name', () => {
    expect(configProblems({ ...minimal, regoins: ['x'], guards: { instanceQuarantine: { dryrun: true } } }).sort()).toEqual([
      'guards.instanceQuarantine.dryrun: unknown key (check its spelling in the reference)',
      'regoins: unknown key (check its spelling in the reference)',
    ]);
  });

  it('checks relations between fields: home region listed, role in the same account, no duplicates', () => {
    expect(
      configProblems({
        regions: ['eu-west-1', 'eu-west-1'],
        homeRegion: 'us-east-1',
        accounts: [
          { id: '111122223333', name: 'prod', roleArn: 'arn:aws:iam::999999999999:role/deployer' },
          { id: '111122223333', name: 'prod' },
        ],
      }),
    ).toEqual([
      'homeRegion: must be one of regions (eu-west-1, eu-west-1)',
      'regions[1]: duplicate value eu-west-1',
      'accounts[1].id: duplicate value 111122223333',
      'accounts[1].name: duplicate value prod',
      "accounts[0].roleArn: names account 999999999999, not the entry's id 111122223333",
    ]);
  });

  it("validates guard settings with the guard's own rules", () => {
    expect(configProblems({ ...minimal, guards: { instanceQuarantine: { fleetThreshold: 0, agentLogFilePath: 'record.log' } } })).toEqual([
      expect.stringMatching(/^guards\.instanceQuarantine\.fleetThreshold: /),
      'guards.instanceQuarantine.agentLogFilePath: must be an absolute path on the instance',
    ]);
  });

  it('reports the file name with each problem, and unreadable or malformed files', () => {
    const yamlFile = writeTemp('bad.yaml', 'regions: [eu-west-1]\naccounts: [{id: 1234, name: prod}]\n');
    expect(() => loadGuardsConfig(yamlFile)).toThrow(/bad\.yaml: accounts\[0\]\.id: /);
    const brokenJson = writeTemp('broken.json', '{"regions": [');
    expect(() => loadGuardsConfig(brokenJson)).toThrow(/broken\.json: is not valid JSON/);
    expect(() => loadGuardsConfig(path.join(tmpdir(), 'no-such-guards.yaml'))).toThrow(/no-such-guards\.yaml: cannot be read/);
  });

  it('reads JSON as well as YAML', () => {
    const jsonFile = writeTemp('guards.json', JSON.stringify(minimal));
    expect(loadGuardsConfig(jsonFile).accounts[0].name).toBe('prod');
  });
});
