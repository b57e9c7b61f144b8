import type { ConfigIssue } from '../common/config-issue';
import { HubHooks, noHubParts } from '../common/hub-hooks';
import { hubAlertTopicArn, hubFunctionRoleArn, remediationRoleName } from '../common/hub-names';
import { assumeRemediationRoleStatement, memberAccountVariables } from '../common/hub-member-access';
import { RemediationRole, withoutHubOnly } from '../common/remediation-role';
import { alarmedInstanceIds, quarantineVariables } from './environment';
import { alarmedInstancesDirectoryField } from '../../handlers/instance-quarantine/contract';
import { HubQuarantineParts, hubQuarantineStateStatement } from './hub-parts';
import {
  guardDutyInstanceFindingPattern,
  hubQuarantineStateTableName,
  hubReleaseFunctionName,
  hubReleaseRoleArn,
  memberRevocationPolicyEnvironment,
  memberRevocationPolicyName,
  quarantineAlarmName,
  quarantineAlarmPrefix,
  quarantineAlarmStatePattern,
} from './hub-names';
import { instanceQuarantineGuardName } from './index';
import { addInstanceLogAlarm } from './instance-log-alarm';
import { QuarantinePermissionScope, instanceQuarantineStatements, instanceReleaseStatements } from './permissions';
import { RevocationPolicy } from './revocation-policy';
import type { ResolvedInstanceQuarantineSettings } from './settings';

const guardName = instanceQuarantineGuardName;

/**
 * The quarantine in hub mode: members forward their per-instance alarms' state changes and (unless
 * the hub is GuardDuty's delegated administrator) their GuardDuty findings; the hub function
 * contains the instance through the member's remediation role; the state table and the release
 * function live in the hub; each member's home region holds the revocation deny and the two roles.
 */
export const instanceQuarantineHub: HubHooks<ResolvedInstanceQuarantineSettings> = {
  perAccountSettings: ['enabled', 'alarmInstances'],

  memberEvents(context, settings) {
    const findings = settings.guardDutyTrigger ? [guardDutyInstanceFindingPattern(settings.guardDutyMinSeverity)] : [];
    const delegated = context.hub.guardDuty === 'delegated-admin';
    // A member forwards its own configured alarms by exact name (its settings are the account's);
    // the hub, whose settings are the organization's (no alarmInstances there), accepts exactly
    // the alarms of every member, which the members' forwarding rules deliver.
    const ownAlarms = quarantineAlarmStatePattern(context.config.name, alarmedInstanceIds(settings));
    const memberAlarms = settings.alarmTrigger
      ? quarantineAlarmStatePattern(
          context.config.name,
          context.memberIds.flatMap((accountId) => alarmedInstanceIds(context.memberSettings[accountId] as unknown as ResolvedInstanceQuarantineSettings)),
        )
      : undefined;
    return {
      forwarded: [...(ownAlarms ? [ownAlarms] : []), ...(delegated ? [] : findings)],
      delivered: memberAlarms ? [memberAlarms] : [],
      onHubDefaultBus: delegated ? findings : [],
    };
  },

  hubFunction(context, settings) {
    const { config } = context;
    return {
      handlerName: guardName,
      description: 'Contains a compromised EC2 instance of any member account, through its remediation role, and reports',
      statements: [assumeRemediationRoleStatement(config, guardName, context.memberIds)],
      timeoutSeconds: 300,
      reservedConcurrency: settings.reservedConcurrency,
      // The same settings the standalone construct passes, plus the member role to act through.
      variables: {
        ...quarantineVariables(settings, {
          namePrefix: config.name,
          alertTopicArn: hubAlertTopicArn(config),
          stateTableName: hubQuarantineStateTableName(config.name),
          revocationPolicy: { revocationPolicyName: memberRevocationPolicyName(config) },
          releaseFunctionName: hubReleaseFunctionName(config.name, guardName),
        }),
        ...memberAccountVariables(context, remediationRoleName(config, guardName)),
      },
      // Every member's alarmed instances, per account: the hub accepts no other alarm. In the member
      // directory, not the environment: 10,000 accounts' lists would not fit 4 KB. The plan resolved
      // these settings with this guard's definition, so they have its settings' shape.
      memberDirectoryLists: {
        [alarmedInstancesDirectoryField]: Object.fromEntries(
          context.memberIds.map((accountId) => [
            accountId,
            alarmedInstanceIds(context.memberSettings[accountId] as unknown as ResolvedInstanceQuarantineSettings),
          ]),
        ),
      },
    };
  },

  hubParts(scope, context, settings) {
    const events = instanceQuarantineHub.memberEvents(context, settings, context.isHomeRegion);
    if (events.forwarded.length === 0 && (events.delivered ?? []).length === 0 && events.onHubDefaultBus.length === 0) return noHubParts;
    // The state table only the guard writes, and the release function, live in the hub.
    const parts = new HubQuarantineParts(scope, `${guardName}-hub`, context, settings);
    return { functions: [parts.releaseFunction], functionStatements: [hubQuarantineStateStatement(context)] };
  },

  memberResources(scope, context, settings) {
    const { config, account } = context;
    if (settings.alarmTrigger) {
      // The classic flow's metric filter and alarm per watched instance, on the log group only it writes to.
      for (const instance of settings.alarmInstances) {
        const alarmName = quarantineAlarmName(config.name, instance.instanceId);
        addInstanceLogAlarm(scope, { alarmName, instance, logGroupName: instance.logGroupName, settings, via: '(through the hub)' });
      }
    }
    if (!context.isHomeRegion) return;
    // The quarantine's revocation deny lives in the member: its remediation role attaches it there.
    const revocation = new RevocationPolicy(scope, `${guardName}-revocation`, {
      environment: memberRevocationPolicyEnvironment(config, account.id),
      namePrefix: config.name,
    });
    const permissionScope: QuarantinePermissionScope = {
      environment: { accountId: account.id, region: '*' },
      namePrefix: config.name,
      // Filtered out (hub-only); never granted in a member.
      alertTopicArn: '',
      stateTableArn: '',
      revocationPolicyArn: revocation.arn,
      alarmNamePrefix: quarantineAlarmPrefix(config.name),
      networkAclDeny: settings.networkAclDeny === true,
      assumedByHub: true,
      ...(account.roleArn ? { deployerRoleArn: account.roleArn } : {}),
    };
    // Each role is assumable only by the hub function that needs it (quarantine or release), so
    // that neither function's credentials can do what only the other needs.
    const roles = [
      { kind: 'remediation', label: guardName, statements: instanceQuarantineStatements(permissionScope), roleArnOf: hubFunctionRoleArn },
      { kind: 'release-remediation', label: `${guardName} release`, statements: instanceReleaseStatements(permissionScope), roleArnOf: hubReleaseRoleArn },
    ] as const;
    for (const role of roles) {
      new RemediationRole(scope, `${guardName}-${role.kind}`, {
        roleName: remediationRoleName(config, guardName, role.kind),
        guardName: role.label,
        accountId: account.id,
        hubRoleArns: context.hubRegions.map((hubRegion) => role.roleArnOf(config, guardName, hubRegion)),
        organizationId: context.hub.organizationId,
        statements: withoutHubOnly(role.statements),
      });
    }
  },

  memberTamperNames: () => ({}),

  hubSettingsIssues(settings, level) {
    const path = level.path;
    const issues: ConfigIssue[] = [];
    if (!level.isAccount && Array.isArray(settings.alarmInstances) && settings.alarmInstances.length > 0) {
      issues.push({
        path: [...path, 'alarmInstances'],
        message: 'an instance belongs to one account: list it under accounts[n].guards.instanceQuarantine.alarmInstances',
      });
    }
    if (settings.fleetTrigger === true) {
      issues.push({
        path: [...path, 'fleetTrigger'],
        message: 'CloudWatch Logs cannot invoke a function in another account; the fleet flow is standalone mode only',
      });
    }
    if (settings.networkAclDeny === true) {
      issues.push({
        path: [...path, 'networkAclDeny'],
        message:
          'not available in hub mode: IAM cannot limit CreateNetworkAclEntry to deny entries (no condition key on the rule action), so a taken-over hub function could add allow entries in every member; use it in standalone mode',
      });
    }
    if (settings.agentSetup === true) {
      issues.push({ path: [...path, 'agentSetup'], message: 'not available in hub mode yet (the agent setup would live in every member account)' });
    }
    if (settings.createLogGroups === true) {
      issues.push({
        path: [...path, 'createLogGroups'],
        message: 'member accounts own their application log groups in hub mode; the alarms read them as they are',
      });
    }
    return issues;
  },
};
