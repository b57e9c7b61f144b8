/**
 * `npm run coverage:detections`: the Stratus Red Team techniques and CIS monitoring controls the
 * examples alert on in both modes, measured with the project's records
 * (__tests__/helpers/detection-coverage.ts): standalone (examples/single-account.yaml, every guard
 * on) and hub mode (examples/organization.yaml: member rule, then the hub bus rule; the CIS filters
 * on the organization trail). Prints the table, then one
 * `<mode>: stratus_covered=N/44 cis_exact=N/15` line per mode.
 */
import { cisCoverage, coverageTable, coverageTotals, stratusCoverage } from '../__tests__/helpers/detection-coverage';
import { synthesizeConfigFile } from '../__tests__/helpers/synth';

const standaloneStacks = synthesizeConfigFile('examples/single-account.yaml');
const hubStacks = synthesizeConfigFile('examples/organization.yaml');
const modes = {
  standalone: { stratus: stratusCoverage(standaloneStacks), cis: cisCoverage(standaloneStacks) },
  hub: { stratus: stratusCoverage(hubStacks, 'hub'), cis: cisCoverage(hubStacks.filter((stack) => stack.name.startsWith('hub-'))) },
};
console.log(coverageTable(modes.standalone.stratus, modes.hub.stratus));
for (const [mode, { stratus, cis }] of Object.entries(modes) as [keyof typeof modes, (typeof modes)['hub']][]) {
  for (const control of cis.filter((row) => !row.exact)) console.log(`${mode} cis ${control.control}: ${control.problems.join('; ')}`);
  console.log(coverageTotals(mode, stratus, cis));
}
