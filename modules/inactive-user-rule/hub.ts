import { organizationConfigRuleHubHooks } from '../common/organization-config-rule';
import { ruleParametersText, settingText } from '../common/token-text';
import { inactiveUserRuleParameters } from '../../handlers/inactive-user-rule/contract';
import { inactiveUserRuleGuardName } from './index';
import { inactiveUserRuleStatements } from './permissions';
import type { ResolvedInactiveUserRuleSettings } from './settings';

/** inactive-user-rule in hub mode: an AWS Config organization rule run by the hub, reading each member's IAM through its read-only role. */
export const inactiveUserRuleHub = organizationConfigRuleHubHooks<ResolvedInactiveUserRuleSettings>({
  guardName: inactiveUserRuleGuardName,
  perAccountSettings: ['enabled'],
  ruleShape: (config, settings) => ({
    ruleName: `${config.name}-inactive-users`,
    description: 'NON_COMPLIANT when an IAM user has used neither its password nor an access key for more than maxInactiveDays',
    resourceTypes: ['AWS::IAM::User'],
    inputParameters: ruleParametersText(inactiveUserRuleParameters(settings, settingText)),
    periodicFrequency: settings.periodicFrequency,
    memorySizeMb: 512,
  }),
  // IAM is global: the role reads it from the home region.
  memberStatements: (accountId, _hubRegions, homeRegion) => inactiveUserRuleStatements({ accountId, region: homeRegion }),
});
