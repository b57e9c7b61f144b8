/**
 * `npm run coverage:detections`: the Stratus Red Team techniques and CIS monitoring controls the
 * standalone example (examples/single-account.yaml, every guard on) alerts on, measured with the
 * project's records (__tests__/helpers/detection-coverage.ts). Prints the table, then
 * `stratus_covered=N/44 cis_exact=N/15`.
 */
import { cisCoverage, coverageTable, stratusCoverage } from '../__tests__/helpers/detection-coverage';
import { synthesizeConfigFile } from '../__tests__/helpers/synth';

const stacks = synthesizeConfigFile('examples/single-account.yaml');
const stratus = stratusCoverage(stacks);
const cis = cisCoverage(stacks);
console.log(coverageTable(stratus));
for (const control of cis.filter((row) => !row.exact)) console.log(`cis ${control.control}: ${control.problems.join('; ')}`);
console.log(
  `stratus_covered=${stratus.filter((row) => row.alertedBy.length > 0).length}/${stratus.length} cis_exact=${cis.filter((row) => row.exact).length}/${cis.length}`,
);
