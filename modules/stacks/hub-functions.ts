import { arnFor } from '../common/aws-environment';
import { cloudTrailAlertHandlerName } from '../common/cloudtrail-alert-handler';
import { PolicyStatement } from '../common/iam-policy';
import { settingText } from '../common/token-text';
import { GuardsConfig } from '../config/guards-config';
import { instanceQuarantineGuardName } from '../instance-quarantine';
import { instanceQuarantineDefaults } from '../instance-quarantine/settings';
import { accountNamesVariable, remoteRoleNameVariable } from '../../handlers/common/member-account-names';
import { quarantineAlarmPrefix } from './hub-event-patterns';
import { revocationPolicyNameVariable } from '../../handlers/instance-quarantine/contract';
import { hubAlertTopicArn, hubQuarantineStateTableName, memberRevocationPolicyName, remediationRoleName } from './hub-names';
import { mergedSettings } from './org-plan';
import { regionLockdownGuardName } from '../region-lockdown';
import { regionLockdownDefaults } from '../region-lockdown/settings';
import { denyPolicyNameVariable } from '../../handlers/region-lockdown/contract';
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
  return config.accounts.filter((account) => mergedSettings(config, account, configKey)?.enabled !== false && mergedSettings(config, account, configKey)).map((account) => account.id);
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
  const accountNames = accountNamesText(config);
  const common = {
    ALERT_TOPIC_ARN: hubAlertTopicArn(config),
    POWERTOOLS_SERVICE_NAME: guardName,
    ...(accountNames ? { [accountNamesVariable]: accountNames } : {}),
  };
  if (guardName === instanceQuarantineGuardName) {
    const merged = { ...instanceQuarantineDefaults, ...settings };
    return {
      handlerName: instanceQuarantineGuardName,
      description: 'Contains a compromised EC2 instance of any member account, through its remediation role, and reports',
      statements: [assumeRemediationRoleStatement(config, guardName, membersWith(config, 'instanceQuarantine'))],
      timeoutSeconds: 300,
      // The same settings the standalone construct passes, plus the member role to act through.
      variables: {
        ...common,
        DRY_RUN: settingText(merged.dryRun),
        STATE_TABLE_NAME: hubQuarantineStateTableName(config.name),
        [revocationPolicyNameVariable]: memberRevocationPolicyName(config),
        EXEMPT_INSTANCE_IDS: merged.exemptInstanceIds.join(','),
        TRUST_EXEMPT_TAG: settingText(merged.trustExemptTag),
        EXEMPT_TAG_KEY: merged.exemptTagKey,
        AUTO_SCALING_ACTION: merged.autoScalingAction,
        FLEET_MAX_QUARANTINES_PER_HOUR: settingText(merged.fleetMaxQuarantinesPerHour),
        METRIC_NAMESPACE: merged.metricNamespace,
        SNAPSHOT_VOLUMES: settingText(merged.snapshotVolumes),
        FLEET_THRESHOLD: settingText(merged.fleetThreshold),
        GUARDDUTY_MIN_SEVERITY: settingText(merged.guardDutyMinSeverity),
        ISOLATION_GROUP_NAME: `${config.name}-quarantine-isolation`,
        ALLOW_ALL_GROUP_NAME: `${config.name}-quarantine-allow-all`,
        ALARM_NAME_PREFIX: quarantineAlarmPrefix(config.name),
        [remoteRoleNameVariable]: remediationRoleName(config, guardName),
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
        ...common,
        DRY_RUN: settingText(merged.dryRun),
        ALLOWED_REGIONS: [...merged.allowedRegions].join(','),
        SCOPE: merged.scope,
        [denyPolicyNameVariable]: memberRegionDenyPolicyName(config),
        EXEMPT_PATH_PREFIXES: merged.exemptPathPrefixes.join(','),
        EXEMPT_TAG_KEY: merged.exemptTagKey,
        [remoteRoleNameVariable]: remediationRoleName(config, guardName),
      },
    };
  }
  // sg-change-alert and iam-change-alert: they only read the event and alert.
  return {
    handlerName: cloudTrailAlertHandlerName,
    description: `${guardName}: a readable alert for each member's change, naming the account`,
    statements: [],
    timeoutSeconds: 30,
    variables: common,
  };
}
