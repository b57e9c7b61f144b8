import { Construct } from 'constructs';
import { GuardFunction } from '../common/guard-function';
import type { HubRegionContext } from '../common/hub-hooks';
import { hubAccountOf, hubAlertTopicArn, hubFunctionRoleArn, hubFunctionRoleName, remediationRoleName } from '../common/hub-names';
import { assumeRemediationRoleStatement, memberAccountVariables, memberDirectoryStatements } from '../common/hub-member-access';
import { PolicyStatement } from '../common/iam-policy';
import { releaseVariables } from './environment';
import { hubQuarantineStateTableArn, hubQuarantineStateTableName, hubReleaseFunctionName, hubReleaseRoleArn, memberRevocationPolicyName } from './hub-names';
import { instanceQuarantineGuardName, instanceReleaseHandlerName } from './index';
import { releaseStateStatements } from './permissions';
import { checkReleaseApprovers } from './release-approvers';
import type { ResolvedInstanceQuarantineSettings } from './settings';
import { QuarantineStateTable } from './state-table';

/**
 * The quarantine guard's parts that only the hub holds, in each hub region of the guard: the state
 * table only the guard writes (prior state of every member's quarantines, keyed by account and
 * region) and the release function, whose own role assumes only the members' release roles.
 */

/** The quarantine function's calls on the hub's own state table (the same actions as standalone). */
export function hubQuarantineStateStatement(context: HubRegionContext): PolicyStatement {
  return {
    sid: 'KeepOwnState',
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    resources: [hubQuarantineStateTableArn(context.config, context.environment)],
  };
}

/** The state table (only the hub's quarantine and release roles may write it) and the release function. */
export class HubQuarantineParts extends Construct {
  readonly stateTable: QuarantineStateTable;
  readonly releaseFunction: GuardFunction;

  constructor(scope: Construct, id: string, context: HubRegionContext, settings: ResolvedInstanceQuarantineSettings) {
    super(scope, id);
    const { config, environment } = context;
    const guardName = instanceQuarantineGuardName;
    const guardRoleArns = [hubFunctionRoleArn(config, guardName, environment.region), hubReleaseRoleArn(config, guardName, environment.region)];
    // Approvers write the hub's table: they are principals of the hub account.
    checkReleaseApprovers(guardName, settings.releaseApprovers, environment.accountId, guardRoleArns);
    const deployerArn = hubAccountOf(config).roleArn;
    this.stateTable = new QuarantineStateTable(this, 'state-table', {
      environment,
      tableName: hubQuarantineStateTableName(config.name),
      key: context.key,
      writerArns: guardRoleArns,
      approverArns: settings.releaseApprovers,
      ...(deployerArn ? { deployerArn } : {}),
    });
    const releaseRoleName = remediationRoleName(config, guardName, 'release-remediation');
    this.releaseFunction = new GuardFunction(this, 'release-function', {
      environment,
      functionName: hubReleaseFunctionName(config.name, guardName),
      roleName: hubFunctionRoleName(config, `${guardName}-release`, environment.region),
      handlerName: instanceReleaseHandlerName,
      description: 'Releases a quarantined EC2 instance of a member account to the state the quarantine recorded',
      key: context.key,
      ...(context.alertTopic ? { alertTopic: context.alertTopic } : {}),
      alerting: context.alerting,
      statements: [
        { ...assumeRemediationRoleStatement(config, guardName, context.memberIds, 'release-remediation'), sid: 'AssumeMemberReleaseRoles' },
        ...releaseStateStatements(hubQuarantineStateTableArn(config, environment)),
        ...memberDirectoryStatements(context),
        ...context.topicStatements,
      ],
      timeoutSeconds: 120,
      variables: {
        ...releaseVariables(settings, {
          namePrefix: config.name,
          alertTopicArn: hubAlertTopicArn(config),
          stateTableName: this.stateTable.table.name,
          revocationPolicy: { revocationPolicyName: memberRevocationPolicyName(config) },
        }),
        ...memberAccountVariables(context, releaseRoleName),
      },
    });
  }
}
