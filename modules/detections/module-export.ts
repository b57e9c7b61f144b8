import type { ModuleExport } from '../common/module-export-types';

/**
 * The detections guard as a plain Terraform module: every detection of the region (the global ones
 * only where the module's region is us-east-1 is not known at synth, so the module holds the
 * regional ones). The disabled list and the allow-list are CDKTF settings.
 */
export const detectionsModuleExport: ModuleExport = {
  fixedSettings: {},
  variables: [],
};
