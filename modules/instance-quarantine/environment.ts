import { settingText } from '../common/token-text';
import { QuarantineEnvironment, ReleaseEnvironment, writeQuarantineEnvironment, writeReleaseEnvironment } from '../../handlers/instance-quarantine/contract';
import { quarantineAlarmPrefix } from './hub-names';
import { instanceQuarantineGuardName, instanceReleaseHandlerName } from './names';
import type { ResolvedInstanceQuarantineSettings } from './settings';

/**
 * The quarantine's and the release's environments, one writer for both modes: the settings map to
 * the same variables; only where they run differs (`placement`: standalone, this stack's table and
 * revocation policy by ARN; hub, the hub's table and the members' policy by name).
 */
export interface QuarantinePlacement {
  readonly namePrefix: string;
  readonly alertTopicArn: string;
  readonly stateTableName: string;
  readonly revocationPolicy: Pick<QuarantineEnvironment, 'revocationPolicyArn' | 'revocationPolicyName'>;
  /** The release function, named in the quarantine alert's release command. */
  readonly releaseFunctionName: string;
  /**
   * Standalone: the alarm flow's instances the function accepts (`i-...`). Hub mode: absent, the
   * member directory lists each account's (alarmedInstancesDirectoryField).
   */
  readonly alarmedInstances?: readonly string[];
}

/** The alarm flow's instance ids of one account's settings (none with the alarm trigger off). */
export function alarmedInstanceIds(settings: ResolvedInstanceQuarantineSettings): string[] {
  return settings.alarmTrigger ? settings.alarmInstances.map((instance) => instance.instanceId) : [];
}

/** The release function needs only where the state and the revocation deny are. */
export type ReleasePlacement = Omit<QuarantinePlacement, 'releaseFunctionName' | 'alarmedInstances'>;

export function quarantineVariables(settings: ResolvedInstanceQuarantineSettings, placement: QuarantinePlacement): Record<string, string> {
  const { namePrefix } = placement;
  return writeQuarantineEnvironment(
    {
      alertTopicArn: placement.alertTopicArn,
      serviceName: instanceQuarantineGuardName,
      dryRun: settings.dryRun,
      stateTableName: placement.stateTableName,
      ...placement.revocationPolicy,
      exemptInstanceIds: settings.exemptInstanceIds,
      trustExemptTag: settings.trustExemptTag,
      exemptTagKey: settings.exemptTagKey,
      autoScalingAction: settings.autoScalingAction,
      fleetMaxQuarantinesPerHour: settings.fleetMaxQuarantinesPerHour,
      metricNamespace: settings.metricNamespace,
      snapshotVolumes: settings.snapshotVolumes,
      fleetThreshold: settings.fleetThreshold,
      guardDutyMinSeverity: settings.guardDutyMinSeverity,
      isolationGroupName: `${namePrefix}-quarantine-isolation`,
      allowAllGroupName: `${namePrefix}-quarantine-allow-all`,
      alarmNamePrefix: quarantineAlarmPrefix(namePrefix),
      networkAclDeny: settings.networkAclDeny,
      networkAclRuleFrom: settings.networkAclRuleNumbers.from,
      networkAclRuleTo: settings.networkAclRuleNumbers.to,
      releaseFunctionName: placement.releaseFunctionName,
      alarmedInstances: placement.alarmedInstances,
      maxQuarantinesPerHour: settings.maxQuarantinesPerHour,
      guardDutyActOnTypes: settings.guardDutyActOnTypes,
      guardDutyApprovalTypes: settings.guardDutyApprovalTypes,
      guardDutyNotifyTypes: settings.guardDutyNotifyTypes,
    },
    settingText,
  );
}

export function releaseVariables(settings: ResolvedInstanceQuarantineSettings, placement: ReleasePlacement): Record<string, string> {
  const values: ReleaseEnvironment = {
    alertTopicArn: placement.alertTopicArn,
    serviceName: instanceReleaseHandlerName,
    dryRun: settings.dryRun,
    stateTableName: placement.stateTableName,
    ...placement.revocationPolicy,
    releaseApprovers: settings.releaseApprovers,
    releaseApprovalMaxAgeMinutes: settings.releaseApprovalMaxAgeMinutes,
  };
  return writeReleaseEnvironment(values, settingText);
}
