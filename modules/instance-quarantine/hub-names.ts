import { AwsEnvironment, arnFor } from '../common/aws-environment';
import type { EventPattern } from '../common/event-pattern';
import type { HubConfigView } from '../common/hub-config-view';
import { hubFunctionRoleArn } from '../common/hub-names';
import { revocationPolicyName } from './revocation-policy';

/** The quarantine's names and events in hub mode, shared by its hub function, its hub parts and its member resources. */

/** The prefix of the per-instance quarantine alarms; the handler reads the instance from the alarm. */
export function quarantineAlarmPrefix(namePrefix: string): string {
  return `${namePrefix}-quarantine-`;
}

/** The alarm of one watched instance (the handler reads the instance back from the name). */
export function quarantineAlarmName(namePrefix: string, instanceId: string): string {
  return `${quarantineAlarmPrefix(namePrefix)}${instanceId}`;
}

/**
 * The state change of the guard's own alarms of these instances, by exact name: an alarm someone
 * else made with the guards' prefix never leaves the member (issue 19, unforgeable triggers).
 * `undefined` when there is no instance (no rule may match everything).
 */
export function quarantineAlarmStatePattern(namePrefix: string, instanceIds: readonly string[]): EventPattern | undefined {
  if (instanceIds.length === 0) return undefined;
  return {
    source: ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    detail: { alarmName: [...new Set(instanceIds)].sort().map((instanceId) => quarantineAlarmName(namePrefix, instanceId)), state: { value: ['ALARM'] } },
  };
}

/**
 * GuardDuty findings about an EC2 instance at or above the severity, and access-key findings (the
 * instance's stolen credentials: InstanceCredentialExfiltration, which the handler maps back to the
 * instance; it ignores other access-key findings), as the standalone rule has.
 */
export function guardDutyInstanceFindingPattern(minSeverity: number): EventPattern {
  return {
    source: ['aws.guardduty'],
    'detail-type': ['GuardDuty Finding'],
    detail: { resource: { resourceType: ['Instance', 'AccessKey'] }, severity: [{ numeric: ['>=', minSeverity] }] },
  };
}

/** The hub's quarantine state table of one region (one table serves every member; items carry their account). */
export function hubQuarantineStateTableName(namePrefix: string): string {
  return `${namePrefix}-quarantine-state`;
}

export function hubQuarantineStateTableArn(config: HubConfigView, environment: AwsEnvironment): string {
  return arnFor(environment, 'dynamodb', `table/${hubQuarantineStateTableName(config.name)}`);
}

/** The hub's release function of the quarantine guard, beside the quarantine function in each hub region. */
export function hubReleaseFunctionName(namePrefix: string, guardName: string): string {
  return `${namePrefix}-${guardName}-release`;
}

/** The release function's role: hubFunctionRoleName's scheme with the release function's name. */
export function hubReleaseRoleArn(config: HubConfigView, guardName: string, region: string): string {
  return hubFunctionRoleArn(config, `${guardName}-release`, region);
}

/**
 * The quarantine's Terraform-managed revocation deny policy in a member account (made by its
 * home-region spoke stack, attached there by the remediation role): the name the hub functions use.
 */
export function memberRevocationPolicyEnvironment(config: HubConfigView, accountId: string): AwsEnvironment {
  return { accountId, region: config.homeRegion };
}

export function memberRevocationPolicyName(config: HubConfigView): string {
  return revocationPolicyName(memberRevocationPolicyEnvironment(config, ''), config.name);
}
