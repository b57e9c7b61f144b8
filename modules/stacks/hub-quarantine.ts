import { Construct } from 'constructs';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment, arnFor } from '../common/aws-environment';
import { GuardFunction } from '../common/guard-function';
import { GuardsKey } from '../common/guards-key';
import { PolicyStatement } from '../common/iam-policy';
import { GuardsConfig } from '../config/guards-config';
import { instanceQuarantineGuardName, instanceReleaseHandlerName } from '../instance-quarantine';
import { QuarantineStateTable } from '../instance-quarantine/state-table';
import { checkReleaseApprovers } from '../instance-quarantine/release-approvers';
import { releaseStateStatements } from '../instance-quarantine/permissions';
import { InstanceQuarantineSettings, instanceQuarantineDefaults } from '../instance-quarantine/settings';
import { settingText } from '../common/token-text';
import { writeMemberAccountEnvironment } from '../../handlers/common/member-account-names';
import { writeReleaseEnvironment } from '../../handlers/instance-quarantine/contract';
import { assumeRemediationRoleStatement, accountNamesText, quarantineMemberIds } from './hub-functions';
import {
  hubAccountOf,
  hubAlertTopicArn,
  hubFunctionRoleArn,
  hubFunctionRoleName,
  hubQuarantineStateTableName,
  hubReleaseFunctionName,
  hubReleaseRoleArn,
  memberRevocationPolicyName,
  remediationRoleName,
} from './hub-names';

/**
 * The quarantine guard's parts that only the hub holds, in each hub region of the guard: the state
 * table only the guard writes (prior state of every member's quarantines, keyed by account and
 * region) and the release function, whose own role assumes only the members' release roles.
 */

export function hubQuarantineStateTableArn(config: GuardsConfig, environment: AwsEnvironment): string {
  return arnFor(environment, 'dynamodb', `table/${hubQuarantineStateTableName(config.name)}`);
}

/** The quarantine function's calls on the hub's own state table (the same actions as standalone). */
export function hubQuarantineStateStatement(config: GuardsConfig, environment: AwsEnvironment): PolicyStatement {
  return {
    sid: 'KeepOwnState',
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    resources: [hubQuarantineStateTableArn(config, environment)],
  };
}

export interface HubQuarantinePartsProps {
  readonly environment: AwsEnvironment;
  readonly key: GuardsKey;
  readonly alertTopic: AlertTopic | undefined;
  /** Publishing to the organization's topic, from this region. */
  readonly topicStatements: readonly PolicyStatement[];
  readonly dryRun: boolean;
  /** The guard's settings from the config (the approvers and the approval's maximum age). */
  readonly settings: InstanceQuarantineSettings;
}

/** The state table (only the hub's quarantine and release roles may write it) and the release function. */
export class HubQuarantineParts extends Construct {
  readonly stateTable: QuarantineStateTable;
  readonly releaseFunction: GuardFunction;

  constructor(scope: Construct, id: string, config: GuardsConfig, props: HubQuarantinePartsProps) {
    super(scope, id);
    const { environment } = props;
    const guardName = instanceQuarantineGuardName;
    const settings = { ...instanceQuarantineDefaults, ...props.settings };
    const guardRoleArns = [hubFunctionRoleArn(config, guardName, environment.region), hubReleaseRoleArn(config, guardName, environment.region)];
    // Approvers write the hub's table: they are principals of the hub account.
    checkReleaseApprovers(guardName, settings.releaseApprovers, environment.accountId, guardRoleArns);
    const deployerArn = hubAccountOf(config).roleArn;
    this.stateTable = new QuarantineStateTable(this, 'state-table', {
      environment,
      tableName: hubQuarantineStateTableName(config.name),
      key: props.key,
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
      key: props.key,
      ...(props.alertTopic ? { alertTopic: props.alertTopic } : {}),
      statements: [
        { ...assumeRemediationRoleStatement(config, guardName, quarantineMemberIds(config), 'release-remediation'), sid: 'AssumeMemberReleaseRoles' },
        ...releaseStateStatements(hubQuarantineStateTableArn(config, environment)),
        ...props.topicStatements,
      ],
      timeoutSeconds: 120,
      variables: {
        ...writeReleaseEnvironment(
          {
            alertTopicArn: hubAlertTopicArn(config),
            serviceName: instanceReleaseHandlerName,
            dryRun: props.dryRun,
            stateTableName: this.stateTable.table.name,
            revocationPolicyName: memberRevocationPolicyName(config),
            releaseApprovers: settings.releaseApprovers,
            releaseApprovalMaxAgeMinutes: settings.releaseApprovalMaxAgeMinutes,
          },
          settingText,
        ),
        ...writeMemberAccountEnvironment({ remoteRoleName: releaseRoleName, accountNamesJson: accountNamesText(config) }),
      },
    });
  }
}
