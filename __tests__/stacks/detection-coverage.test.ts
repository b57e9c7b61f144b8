import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { cisCoverage, coverageTable, fixtureNames, stratusCoverage } from '../helpers/detection-coverage';
import { repoRoot, synthesizeConfigFile } from '../helpers/synth';

/**
 * The coverage the project measures on the standalone example (docs/detection-coverage.md): the
 * records of every Stratus Red Team AWS technique and CIS control through the synthesized rules,
 * the detections decision and the trail's notifying filters. Targets of issue 20: Stratus >= 29/44
 * alerted, CIS 15/15 exact.
 */
const stacks = synthesizeConfigFile('examples/single-account.yaml');
const stratus = stratusCoverage(stacks);
const cis = cisCoverage(stacks);
const coverageDoc = readFileSync(path.join(repoRoot, 'docs', 'detection-coverage.md'), 'utf8');

describe('detection coverage of examples/single-account.yaml', () => {
  it('has a record file for each of the 44 Stratus Red Team AWS techniques and each of the 15 CIS controls', () => {
    expect(fixtureNames('stratus')).toHaveLength(44);
    expect(fixtureNames('cis')).toEqual(['4.1', '4.2', '4.3', '4.4', '4.5', '4.6', '4.7', '4.8', '4.9', '4.10', '4.11', '4.12', '4.13', '4.14', '4.15']);
  });

  it('alerts on at least 29 of the 44 Stratus techniques', () => {
    console.log(coverageTable(stratus));
    expect(stratus.filter((row) => row.alertedBy.length > 0).length).toBeGreaterThanOrEqual(29);
  });

  it('holds all 15 CIS monitoring controls exactly (documented pattern, notifying alarm, subscriber, its calls matched)', () => {
    expect(cis.filter((row) => !row.exact)).toEqual([]);
  });

  it('is the table docs/detection-coverage.md shows, with its totals', () => {
    expect(coverageDoc).toContain(coverageTable(stratus));
    expect(coverageDoc).toContain(
      `\`stratus_covered=${stratus.filter((row) => row.alertedBy.length > 0).length}/44 cis_exact=${cis.filter((row) => row.exact).length}/15\``,
    );
  });
});
