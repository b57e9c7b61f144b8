import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from '../helpers/synth';

function footprint(args: string[]): Record<string, Record<string, string>> {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join('scripts', 'bench-footprint.ts'), ...args], { cwd: repoRoot, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return Object.fromEntries(
    result.stdout
      .trim()
      .split('\n')
      .map((line) => {
        const fields = Object.fromEntries(line.split(' ').map((pair) => pair.split('=') as [string, string]));
        return [fields.mode, fields];
      }),
  );
}

describe('npm run bench:footprint', () => {
  it('counts the same from the hub and one member times N as from every stack', () => {
    const sampled = footprint(['--accounts', '5', '--regions', '3']);
    const full = footprint(['--accounts', '5', '--regions', '3', '--full']);
    for (const mode of ['standalone', 'hub']) {
      const { counted: sampledMethod, ...sampledFigures } = sampled[mode];
      const { counted: fullMethod, ...fullFigures } = full[mode];
      expect([sampledMethod, fullMethod]).toEqual(['hub+one-member-times-N', 'every-stack']);
      expect(sampledFigures).toEqual(fullFigures);
    }
    // What hub mode is for: nothing that costs or alerts in a member, one subscription per address.
    expect(full.hub).toMatchObject({
      member_functions: '0',
      member_kms_keys: '0',
      member_topics: '0',
      subscriptions_per_address: '1',
      monthly_fixed_usd_per_member_account: '0.00',
    });
    expect(full.standalone.subscriptions_per_address).toBe('15');
  }, 120_000);
});
