import { AppliedGap, TerraformJsonDocument, forLocalEndpoint } from './emulator-gaps';

/**
 * What a stack synthesized with `localEndpoint` set left out for the emulator, for the synth
 * summary. Empty when the option is unset.
 */
export interface LocalEmulatorReport {
  readonly leftOut: readonly AppliedGap[];
}

/**
 * The Terraform JSON of `stack` for the config's `localEndpoint`: when it is set, the same
 * transform the emulator tests apply (forLocalEndpoint); when unset, `json` unchanged. Records
 * what was left out in `report`.
 */
export function localEmulatorTerraform(
  json: TerraformJsonDocument,
  localEndpoint: string | undefined,
  report: { leftOut: AppliedGap[] },
): TerraformJsonDocument {
  if (!localEndpoint) return json;
  const result = forLocalEndpoint(json, localEndpoint);
  report.leftOut.splice(0, report.leftOut.length, ...result.applied.filter((gap) => gap.transform === 'leave-out'));
  return result.json;
}
