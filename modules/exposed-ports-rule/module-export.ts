import { configRuleFrequencies } from '../common/config-rule-settings';
import type { ModuleExport } from '../stacks/module-export-types';
import { exposedPortsRuleDefaults as defaults } from './settings';

/**
 * The exposed-ports rule as a plain Terraform module with the default forbidden ports, no
 * exceptions and no recorder of its own (the account's recorder). Lists of ports and exceptions
 * and the recorder are CDKTF settings: a plain module variable cannot feed them.
 */
export const exposedPortsRuleModuleExport: ModuleExport = {
  fixedSettings: { createConfigRecorder: false },
  variables: [
    {
      name: 'periodic_frequency',
      setting: 'periodicFrequency',
      type: 'string',
      default: defaults.periodicFrequency,
      description: 'How often AWS Config evaluates every security group of the region, besides on each change.',
      validation: {
        condition: `contains(${JSON.stringify(configRuleFrequencies)}, var.periodic_frequency)`,
        errorMessage: `periodic_frequency must be one of ${configRuleFrequencies.join(', ')}.`,
      },
    },
  ],
};
