import { moduleVariables } from '../common/module-variables';
import type { ModuleExport } from '../common/module-export-types';
import { exposedPortsRuleDefaults, exposedPortsRuleSettingsSchema } from './settings';

/**
 * The exposed-ports rule as a plain Terraform module with the default forbidden ports, no
 * exceptions and no recorder of its own (the account's recorder). Lists of ports and exceptions
 * and the recorder are CDKTF settings: a plain module variable cannot feed them.
 */
export const exposedPortsRuleModuleExport: ModuleExport = {
  fixedSettings: { createConfigRecorder: false },
  variables: moduleVariables(exposedPortsRuleSettingsSchema, exposedPortsRuleDefaults, ['periodicFrequency']),
};
