import type { ModuleExport } from '../common/module-export-types';

/**
 * The sg-change-alert guard as a plain Terraform module: every security-group call of the region.
 * The list of calls is a CDKTF setting. Call the module once per region (one provider per region).
 */
export const sgChangeAlertModuleExport: ModuleExport = {
  fixedSettings: {},
  variables: [],
};
