import { configRuleFrequencies } from '../common/config-rule-settings';
import type { ModuleExport } from '../stacks/module-export-types';
import { inactiveUserRuleDefaults as defaults } from './settings';

const wholeDays = (name: string) => ({
  condition: `var.${name} >= 1 && var.${name} <= 3650 && floor(var.${name}) == var.${name}`,
  errorMessage: `${name} must be a whole number of days from 1 to 3650.`,
});

/**
 * The inactive-user rule as a plain Terraform module, for the home region, with no recorder of its
 * own (the account's recorder). Exempt user names (a list) and the recorder are CDKTF settings.
 */
export const inactiveUserRuleModuleExport: ModuleExport = {
  fixedSettings: { createConfigRecorder: false },
  variables: [
    {
      name: 'max_inactive_days',
      setting: 'maxInactiveDays',
      type: 'number',
      default: defaults.maxInactiveDays,
      description: 'A user is NON_COMPLIANT when neither its password nor an access key was used for more than this many days.',
      validation: wholeDays('max_inactive_days'),
    },
    {
      name: 'new_user_grace_days',
      setting: 'newUserGraceDays',
      type: 'number',
      default: defaults.newUserGraceDays,
      description: 'A user that never used a password or access key is NON_COMPLIANT once older than this many days.',
      validation: wholeDays('new_user_grace_days'),
    },
    {
      name: 'exempt_tag_key',
      setting: 'exemptTagKey',
      type: 'string',
      default: defaults.exemptTagKey,
      description: 'Users carrying this tag (any value but "false") are reported COMPLIANT, as exempt.',
      validation: { condition: 'length(var.exempt_tag_key) > 0 && !startswith(lower(var.exempt_tag_key), "aws:")', errorMessage: 'exempt_tag_key must be a tag key that does not start with aws:.' },
    },
    {
      name: 'judge_each_credential',
      setting: 'judgeEachCredential',
      type: 'bool',
      default: defaults.judgeEachCredential,
      description: 'Judge each active access key on its own: one unused for longer than max_inactive_days makes the user NON_COMPLIANT even when its other credentials are used daily.',
    },
    {
      name: 'periodic_frequency',
      setting: 'periodicFrequency',
      type: 'string',
      default: defaults.periodicFrequency,
      description: 'How often AWS Config evaluates every IAM user of the account, besides on each change.',
      validation: {
        condition: `contains(${JSON.stringify(configRuleFrequencies)}, var.periodic_frequency)`,
        errorMessage: `periodic_frequency must be one of ${configRuleFrequencies.join(', ')}.`,
      },
    },
  ],
};
