import { Construct } from 'constructs';
import { addFunctionOutputs } from '../common/function-outputs';
import type { GuardWiring } from '../common/guard-definition';
import { TerraformOutput, Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { IamPolicy } from '@cdktf/provider-aws/lib/iam-policy';
import { accountGlobalName, arnFor, partitionOf } from '../common/aws-environment';
import { DeployerIdentity } from '../common/deployer-identity';
import { GuardFunction } from '../common/guard-function';
import { TamperProtectionServiceControlPolicy } from '../common/tamper-protection-policy';
import { jsonText } from '../common/token-text';
import { validateSettings } from '../common/validate-settings';
import { lockdownVariables } from './environment';
import { denyPolicyDocumentText } from './deny-policy-document';
import { regionLockdownStatements } from './permissions';
import { RegionDenyServiceControlPolicy } from './service-control-policy';
import { RegionLockdownSettings, regionLockdownDefaults, regionLockdownSettingsSchema, requiredAllowedRegions } from './settings';

export type { RegionLockdownSettings, RegionLockdownOrganizationsMode } from './settings';

export const regionLockdownGuardName = 'region-lockdown';

/**
 * CloudTrail delivers the events of IAM, a global service, to EventBridge in one region only:
 * us-east-1 in the commercial partition. A rule anywhere else would never fire.
 */
export const iamEventRegion = 'us-east-1';

export type RegionLockdownProps = RegionLockdownSettings & GuardWiring;

/**
 * Denies new IAM users any action outside the allowed regions (EC2 changes, or every regional
 * action), with a Terraform-managed deny policy attached to each user as it is created, attached
 * again whenever it is detached, and attached to every existing user by a scheduled reconciliation.
 * The function may attach that policy and no other (`iam:PolicyARN`). Optionally the same deny as a
 * service control policy. IAM is global: deploy it once per account, in us-east-1. See README.md
 * beside this file.
 *
 * @example
 * new RegionLockdown(stack, 'region-lockdown', {
 *   environment: { accountId: '123456789012', region: 'us-east-1' },
 *   namePrefix: 'guards', key, alertTopic,
 *   allowedRegions: ['us-east-1', 'eu-west-1'], scope: 'ec2-changes', exemptPathPrefixes: ['/break-glass/'],
 * });
 */
export class RegionLockdown extends Construct {
  readonly function: GuardFunction;
  /** The managed deny policy every non-exempt user has attached. */
  readonly denyPolicy: IamPolicy;
  /** Its ARN, literal when the settings are (the role's condition and the event pattern name it). */
  readonly denyPolicyArn: string;
  readonly serviceControlPolicy?: RegionDenyServiceControlPolicy;
  /** Organizations mode with `protectGuards`: the guards' tamper-protection policy. */
  readonly tamperProtection?: TamperProtectionServiceControlPolicy;

  constructor(scope: Construct, id: string, props: RegionLockdownProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(regionLockdownGuardName, regionLockdownSettingsSchema, given);
    const allowedRegions = requiredAllowedRegions(regionLockdownGuardName, given);
    if (!Token.isUnresolved(environment.region) && partitionOf(environment) === 'aws' && environment.region !== iamEventRegion) {
      throw new Error(
        `${regionLockdownGuardName}: IAM delivers its CloudTrail events to EventBridge in ${iamEventRegion} only, so the guard must be deployed there (the home region is ${environment.region}): set homeRegion: ${iamEventRegion}`,
      );
    }
    const settings = { ...regionLockdownDefaults, ...given, allowedRegions };
    const functionName = `${namePrefix}-${regionLockdownGuardName}`;
    const denyPolicyName = accountGlobalName(environment, functionName, 128);
    this.denyPolicyArn = arnFor(environment, 'iam', `policy/${denyPolicyName}`, { global: true });
    // Static per config, so Terraform owns its content: the function attaches it, never writes text.
    this.denyPolicy = new IamPolicy(this, 'deny-policy', {
      name: denyPolicyName,
      description: `Denies ${settings.scope === 'all-regional' ? 'every regional action' : 'EC2 changes'} outside the allowed regions; attached to IAM users by ${functionName}`,
      policy: denyPolicyDocumentText(settings.allowedRegions, settings.scope),
    });

    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: regionLockdownGuardName,
      description: 'Attaches and keeps a deny of actions outside the allowed regions on every IAM user',
      key,
      alertTopic,
      statements: regionLockdownStatements({
        environment,
        alertTopicArn: alertTopic.arn,
        denyPolicyArns: [this.denyPolicyArn],
        namePrefix,
        deployerRoleArn: DeployerIdentity.roleArnOf(this),
      }),
      // A first reconciliation of a large account attaches one policy per user; the handler stops
      // 20 s before the end to report, and the next run goes on.
      timeoutSeconds: 900,
      variables: lockdownVariables(settings, {
        guardName: regionLockdownGuardName,
        alertTopicArn: alertTopic.arn,
        allowedRegions,
        // The resource's ARN (not the literal one): the function is created after the policy.
        denyPolicy: { policyArns: [this.denyPolicy.arn] },
      }),
    });

    const holdsReferences = Token.isUnresolved(environment.accountId) || Token.isUnresolved(this.denyPolicyArn);
    const iamCall = (eventNames: string[], requestParameters?: Record<string, unknown>) =>
      jsonText(
        {
          source: ['aws.iam'],
          'detail-type': ['AWS API Call via CloudTrail'],
          // Only this account's calls, even if another account forwards its events to this bus.
          account: [environment.accountId],
          detail: {
            eventSource: ['iam.amazonaws.com'],
            eventName: eventNames,
            // A failed call changed nothing (the handler ignores it too).
            errorCode: [{ exists: false }],
            ...(requestParameters ? { requestParameters } : {}),
          },
        },
        holdsReferences,
      );
    this.addTrigger('new-user', `${functionName}-new-user`, {
      description: 'CloudTrail CreateUser: put the region deny on the new user',
      eventPattern: iamCall(['CreateUser']),
    });
    this.addTrigger('policy-change', `${functionName}-policy-change`, {
      description: `CloudTrail DetachUserPolicy of ${denyPolicyName}: attach the region deny again`,
      eventPattern: iamCall(['DetachUserPolicy'], { policyArn: [this.denyPolicyArn] }),
    });
    this.addTrigger('reconcile', `${functionName}-reconcile`, {
      description: 'Attaches the region deny to every existing user that lacks it',
      scheduleExpression: settings.reconcileSchedule,
    });

    const organizations = settings.organizationsMode;
    if (organizations && !Token.isUnresolved(environment.accountId) && environment.accountId === organizations.managementAccountId) {
      const literalRegions = Array.isArray(settings.allowedRegions) ? settings.allowedRegions : [];
      if (settings.scope === 'all-regional' && !Token.isUnresolved(environment.region) && !literalRegions.includes(environment.region)) {
        throw new Error(
          `${regionLockdownGuardName}: organizationsMode: allowedRegions must include ${environment.region}, where the account-wide guards run: an all-regional service control policy would deny them there`,
        );
      }
      this.serviceControlPolicy = new RegionDenyServiceControlPolicy(this, 'service-control-policy', {
        policyName: functionName,
        deny: { allowedRegions: literalRegions, scope: settings.scope, exemptPrincipalArns: organizations.exemptPrincipalArns ?? [] },
        targetIds: organizations.targetIds,
      });
      if (organizations.protectGuards) {
        this.tamperProtection = new TamperProtectionServiceControlPolicy(this, 'tamper-protection', {
          namePrefix,
          exemptPrincipalArns: organizations.exemptPrincipalArns ?? [],
          targetIds: organizations.targetIds,
        });
      }
    }

    addFunctionOutputs(this, this.function, {
      does: 'attaches the region deny to IAM users (invoke it with {"action": "reconcile"} to reconcile now)',
      unhandled: 'the events the region-lockdown function',
    });
    new TerraformOutput(this, 'deny-policy-arn', {
      description: 'Managed IAM policy that holds the region deny, attached to every non-exempt IAM user',
      value: this.denyPolicy.arn,
    });
  }

  /** An EventBridge rule (a CloudTrail pattern or a schedule) that invokes the function, and only it. */
  private addTrigger(id: string, name: string, rule: { description: string; eventPattern?: string; scheduleExpression?: string }): void {
    const eventRule = new CloudwatchEventRule(this, `${id}-rule`, { name, ...rule });
    new CloudwatchEventTarget(this, `${id}-target`, { rule: eventRule.name, targetId: 'region-lockdown', arn: this.function.function.arn });
    this.function.allowInvocation(id, 'events.amazonaws.com', eventRule.arn);
  }
}
