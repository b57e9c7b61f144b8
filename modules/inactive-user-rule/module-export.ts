import { moduleVariables } from '../common/module-variables';
import type { ModuleExport } from '../common/module-export-types';
import { inactiveUserRuleDefaults, inactiveUserRuleSettingsSchema } from './settings';

/**
 * The inactive-user rule as a plain Terraform module, for the home region, with no recorder of its
 * own (the account's recorder). Exempt user names (a list) and the recorder are CDKTF settings.
 */
export const inactiveUserRuleModuleExport: ModuleExport = {
  fixedSettings: { createConfigRecorder: false },
  variables: moduleVariables(inactiveUserRuleSettingsSchema, inactiveUserRuleDefaults, [
    'maxInactiveDays',
    'newUserGraceDays',
    'exemptTagKey',
    'judgeEachCredential',
    'periodicFrequency',
  ]),
};
