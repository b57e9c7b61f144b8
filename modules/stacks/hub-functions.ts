import { arnFor } from '../common/aws-environment';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { PolicyStatement } from '../common/iam-policy';
import { settingText } from '../common/token-text';
import { GuardsConfig } from '../config/guards-config';
import { instanceQuarantineGuardName } from '../instance-quarantine';
import { instanceQuarantineDefaults } from '../instance-quarantine/settings';
import { writeMemberAccountEnvironment } from '../../handlers/common/member-account-names';
import { writeApiCallAlertEnvironment } from '../../handlers/cloudtrail-alert/contract';
import { quarantineAlarmPrefix } from './hub-event-patterns';
import { writeQuarantineEnvironment } from '../../handlers/instance-quarantine/contract';
import { hubAlertTopicArn, hubQuarantineStateTableName, memberRevocationPolicyName, remediationRoleName } from './hub-names';
import { mergedSettings } from './org-plan';
import { regionLockdownGuardName } from '../region-lockdown';
import { regionLockdownDefaults } from '../region-lockdown/settings';
import { writeLockdownEnvironment } from '../../handlers/region-lockdown/contract';
import { memberRegionDenyPolicyName } from './hub-names';

/** What a hub guard function runs, may do and is told. */
export interface HubFunctionSpec {
  readonly handlerName: string;
  readonly description: string;
  readonly statements: readonly PolicyStatement[];
  readonly variables: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
}

/**
 * Lambda allows 4 KB of environment in all; the account map takes what the other variables leave.
 * A larger organization's alerts name accounts by id only (README, "Two deployment modes").
 */
const accountNamesBudget = 2500;

/** Up to this many member roles are listed by exact ARN; more would not fit the role policy's size limit. */
const maxListedRoleArns = 25;

/** `{"<id>": "<name>", ...}` of every account, when it fits the environment. */
export function accountNamesText(config: GuardsConfig): string | undefined {
  const text = JSON.stringify(Object.fromEntries(config.accounts.map((account) => [account.id, account.name])));
  return text.length <= accountNamesBudget ? text : undefined;
}

/** The accounts where a guard is switched on. */
export function quarantineMemberIds(config: GuardsConfig): string[] {
  return membersWith(config, 'instanceQuarantine');
}

function membersWith(config: GuardsConfig, configKey: 'instanceQuarantine' | 'regionLockdown'): string[] {
  return config.accounts
    .filter((account) => mergedSettings(config, account, configKey)?.enabled !== false && mergedSettings(config, account, configKey))
    .map((account) => account.id);
}

/**
 * `sts:AssumeRole` on the guard's remediation role of each member, and nothing else: listed by
 * exact ARN for a small organization; for a large one, the role's exact name in any account of the
 * organization (`aws:ResourceOrgID`), since a role policy holds at most 10,240 characters.
 */
export function assumeRemediationRoleStatement(
  config: GuardsConfig,
  guardName: string,
  memberIds: readonly string[],
  kind: 'remediation' | 'release-remediation' = 'remediation',
): PolicyStatement {
  const roleName = remediationRoleName(config, guardName, kind);
  const roleArn = (accountId: string) => arnFor({ accountId, region: '' }, 'iam', `role/${roleName}`, { global: true });
  const organization = { StringEquals: { 'aws:ResourceOrgID': config.hub!.organizationId } };
  return memberIds.length <= maxListedRoleArns
    ? { sid: 'AssumeMemberRemediationRoles', actions: ['sts:AssumeRole'], resources: [...memberIds].sort().map(roleArn), conditions: organization }
    : { sid: 'AssumeMemberRemediationRoles', actions: ['sts:AssumeRole'], resources: [roleArn('*')], conditions: organization };
}

export function hubFunctionSpec(config: GuardsConfig, guardName: string, settings: Record<string, unknown>): HubFunctionSpec {
  const alerts = { alertTopicArn: hubAlertTopicArn(config), serviceName: guardName };
  const members = writeMemberAccountEnvironment({ remoteRoleName: remediationRoleName(config, guardName), accountNamesJson: accountNamesText(config) });
  if (guardName === instanceQuarantineGuardName) {
    const merged = { ...instanceQuarantineDefaults, ...settings };
    return {
      handlerName: instanceQuarantineGuardName,
      description: 'Contains a compromised EC2 instance of any member account, through its remediation role, and reports',
      statements: [assumeRemediationRoleStatement(config, guardName, membersWith(config, 'instanceQuarantine'))],
      timeoutSeconds: 300,
      // The same settings the standalone construct passes, plus the member role to act through.
      variables: {
        ...writeQuarantineEnvironment(
          {
            ...alerts,
            dryRun: merged.dryRun,
            stateTableName: hubQuarantineStateTableName(config.name),
            revocationPolicyName: memberRevocationPolicyName(config),
            exemptInstanceIds: merged.exemptInstanceIds,
            trustExemptTag: merged.trustExemptTag,
            exemptTagKey: merged.exemptTagKey,
            autoScalingAction: merged.autoScalingAction,
            fleetMaxQuarantinesPerHour: merged.fleetMaxQuarantinesPerHour,
            metricNamespace: merged.metricNamespace,
            snapshotVolumes: merged.snapshotVolumes,
            fleetThreshold: merged.fleetThreshold,
            guardDutyMinSeverity: merged.guardDutyMinSeverity,
            isolationGroupName: `${config.name}-quarantine-isolation`,
            allowAllGroupName: `${config.name}-quarantine-allow-all`,
            alarmNamePrefix: quarantineAlarmPrefix(config.name),
            networkAclDeny: merged.networkAclDeny,
            networkAclRuleFrom: merged.networkAclRuleNumbers.from,
            networkAclRuleTo: merged.networkAclRuleNumbers.to,
          },
          settingText,
        ),
        ...members,
      },
    };
  }
  if (guardName === regionLockdownGuardName) {
    const merged = { ...regionLockdownDefaults, ...settings } as typeof regionLockdownDefaults & { allowedRegions: readonly string[] };
    return {
      handlerName: regionLockdownGuardName,
      description: 'Attaches and keeps the region deny on every IAM user of each member account, through its remediation role',
      statements: [assumeRemediationRoleStatement(config, guardName, membersWith(config, 'regionLockdown'))],
      // As standalone: a first reconciliation of a large account attaches one policy per user.
      timeoutSeconds: 900,
      // The standalone construct's settings; the deny policy by name (each member holds its own copy).
      variables: {
        ...writeLockdownEnvironment(
          {
            ...alerts,
            dryRun: merged.dryRun,
            allowedRegions: merged.allowedRegions,
            scope: merged.scope,
            denyPolicyName: memberRegionDenyPolicyName(config),
            exemptPathPrefixes: merged.exemptPathPrefixes,
            exemptTagKey: merged.exemptTagKey,
          },
          settingText,
        ),
        ...members,
      },
    };
  }
  // sg-change-alert and iam-change-alert: they only read the event and alert (no member role).
  return {
    handlerName: cloudTrailAlertHandlerName,
    description: `${guardName}: a readable alert for each member's change, naming the account`,
    statements: [],
    timeoutSeconds: 30,
    variables: { ...writeApiCallAlertEnvironment(alerts), ...writeMemberAccountEnvironment({ accountNamesJson: accountNamesText(config) }) },
  };
}
