import { organizationConfigRuleHubHooks } from '../common/organization-config-rule';
import { ruleParametersText } from '../common/token-text';
import { exposedPortsRuleParameters } from '../../handlers/exposed-ports-rule/contract';
import { exposedPortsResourceTypes, exposedPortsRuleGuardName } from './index';
import { exposedPortsRuleStatements } from './permissions';
import type { ResolvedExposedPortsRuleSettings } from './settings';

/** exposed-ports-rule in hub mode: an AWS Config organization rule run by the hub, reading each member through its read-only role. */
export const exposedPortsRuleHub = organizationConfigRuleHubHooks<ResolvedExposedPortsRuleSettings>({
  guardName: exposedPortsRuleGuardName,
  perAccountSettings: ['enabled'],
  ruleShape: (config, settings) => ({
    ruleName: `${config.name}-exposed-ports`,
    description: 'NON_COMPLIANT when a security group, or an instance through its groups, lets 0.0.0.0/0 or ::/0 reach a forbidden port',
    resourceTypes: exposedPortsResourceTypes,
    inputParameters: ruleParametersText(exposedPortsRuleParameters(settings)),
    periodicFrequency: settings.periodicFrequency,
  }),
  // One statement set per region differs only in the region of its condition: merged into one.
  memberStatements: (accountId, hubRegions) =>
    exposedPortsRuleStatements({ accountId, region: hubRegions[0] }).map((statement) =>
      statement.conditions?.StringEquals?.['ec2:Region'] !== undefined
        ? {
            ...statement,
            conditions: {
              ...statement.conditions,
              StringEquals: { ...statement.conditions.StringEquals, 'ec2:Region': hubRegions.length === 1 ? hubRegions[0] : [...hubRegions] },
            },
          }
        : statement,
    ),
});
