import { Construct } from 'constructs';
import { TerraformOutput, Token } from 'cdktf';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment, partitionOf } from '../common/aws-environment';
import { GuardFunction, guardRoleName } from '../common/guard-function';
import { GuardsKey } from '../common/guards-key';
import { jsonText, settingText } from '../common/token-text';
import { validateSettings } from '../common/validate-settings';
import { regionLockdownStatements } from './permissions';
import { RegionDenyServiceControlPolicy } from './service-control-policy';
import { RegionLockdownSettings, regionLockdownDefaults, regionLockdownSettingsSchema } from './settings';

export type { RegionLockdownSettings, RegionLockdownOrganizationsMode } from './settings';

export const regionLockdownGuardName = 'region-lockdown';

/**
 * CloudTrail delivers the events of IAM, a global service, to EventBridge in one region only:
 * us-east-1 in the commercial partition. A rule anywhere else would never fire.
 */
export const iamEventRegion = 'us-east-1';

export interface RegionLockdownProps extends RegionLockdownSettings {
  /** Account and region (the home region, which must be us-east-1: see `iamEventRegion`). */
  readonly environment: AwsEnvironment;
  /** Prefix of every resource name, e.g. `guards`; also names the users' inline policy. */
  readonly namePrefix: string;
  /** The stack's KMS key. */
  readonly key: GuardsKey;
  /** The stack's alert topic: receives tampering, failure and reconciliation reports. */
  readonly alertTopic: AlertTopic;
}

/** A list setting as the comma-separated text the handler reads; an exported module passes that text itself. */
function commaSeparated(value: readonly string[] | string): string {
  return typeof value === 'string' ? settingText(value) : value.join(',');
}

/**
 * Denies new IAM users any action outside the allowed regions (EC2 changes, or every regional
 * action), with an inline policy put on each user as it is created, put back whenever it is deleted
 * or replaced, and put on every existing user by a scheduled reconciliation. Optionally the same
 * deny as a service control policy. IAM is global: deploy it once per account, in us-east-1. See
 * README.md beside this file.
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
  /** Name of the inline policy every non-exempt user holds. */
  readonly policyName: string;
  readonly serviceControlPolicy?: RegionDenyServiceControlPolicy;

  constructor(scope: Construct, id: string, props: RegionLockdownProps) {
    super(scope, id);
    const { environment, namePrefix, key, alertTopic, ...given } = props;
    validateSettings(regionLockdownGuardName, regionLockdownSettingsSchema, given);
    if (given.allowedRegions === undefined) {
      throw new Error(`${regionLockdownGuardName}: allowedRegions: required: the regions where IAM users may still act, e.g. [us-east-1, eu-west-1]`);
    }
    if (!Token.isUnresolved(environment.region) && partitionOf(environment) === 'aws' && environment.region !== iamEventRegion) {
      throw new Error(
        `${regionLockdownGuardName}: IAM delivers its CloudTrail events to EventBridge in ${iamEventRegion} only, so the guard must be deployed there (the home region is ${environment.region}): set homeRegion: ${iamEventRegion}`,
      );
    }
    const settings = { ...regionLockdownDefaults, ...given, allowedRegions: given.allowedRegions };
    const functionName = `${namePrefix}-${regionLockdownGuardName}`;
    this.policyName = functionName;

    this.function = new GuardFunction(this, 'function', {
      environment,
      functionName,
      handlerName: regionLockdownGuardName,
      description: 'Puts and keeps a deny of actions outside the allowed regions on every IAM user',
      key,
      alertTopic,
      statements: regionLockdownStatements(environment, alertTopic.arn),
      // A first reconciliation of a large account puts one policy per user; the handler stops
      // 20 s before the end to report, and the next run goes on.
      timeoutSeconds: 900,
      variables: {
        ALERT_TOPIC_ARN: alertTopic.arn,
        DRY_RUN: settingText(settings.dryRun),
        ALLOWED_REGIONS: commaSeparated(settings.allowedRegions),
        SCOPE: settings.scope,
        POLICY_NAME: this.policyName,
        EXEMPT_PATH_PREFIXES: commaSeparated(settings.exemptPathPrefixes),
        EXEMPT_TAG_KEY: settings.exemptTagKey,
        // The handler ignores its own PutUserPolicy by this name: the role GuardFunction creates.
        GUARD_ROLE_NAME: guardRoleName(environment, functionName),
        POWERTOOLS_SERVICE_NAME: regionLockdownGuardName,
      },
    });

    const holdsReferences = Token.isUnresolved(environment.accountId) || Token.isUnresolved(this.policyName);
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
    this.addTrigger('new-user', `${functionName}-new-user`, { description: 'CloudTrail CreateUser: put the region deny on the new user', eventPattern: iamCall(['CreateUser']) });
    this.addTrigger('policy-change', `${functionName}-policy-change`, {
      description: `CloudTrail DeleteUserPolicy or PutUserPolicy on ${this.policyName}: put the region deny back`,
      eventPattern: iamCall(['DeleteUserPolicy', 'PutUserPolicy'], { policyName: [this.policyName] }),
    });
    this.addTrigger('reconcile', `${functionName}-reconcile`, {
      description: 'Puts the region deny on every existing user that lacks it',
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
        policyName: this.policyName,
        deny: { allowedRegions: literalRegions, scope: settings.scope, exemptPrincipalArns: organizations.exemptPrincipalArns ?? [] },
        targetIds: organizations.targetIds,
      });
    }

    new TerraformOutput(this, 'function-name', {
      description: 'Lambda function that puts the region deny on IAM users (invoke it with {"action": "reconcile"} to reconcile now)',
      value: this.function.function.functionName,
    });
    new TerraformOutput(this, 'failure-queue-url', {
      description: 'SQS queue that holds the events the region-lockdown function could not handle',
      value: this.function.failureQueue.url,
    });
    new TerraformOutput(this, 'policy-name', {
      description: 'Name of the inline policy that holds the region deny on every non-exempt IAM user',
      value: this.policyName,
    });
  }

  /** An EventBridge rule (a CloudTrail pattern or a schedule) that invokes the function, and only it. */
  private addTrigger(id: string, name: string, rule: { description: string; eventPattern?: string; scheduleExpression?: string }): void {
    const eventRule = new CloudwatchEventRule(this, `${id}-rule`, { name, ...rule });
    new CloudwatchEventTarget(this, `${id}-target`, { rule: eventRule.name, targetId: 'region-lockdown', arn: this.function.function.arn });
    this.function.allowInvocation(id, 'events.amazonaws.com', eventRule.arn);
  }
}
