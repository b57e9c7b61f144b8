import { Construct } from 'constructs';
import { ConfigConfigRule } from '@cdktf/provider-aws/lib/config-config-rule';
import { AwsEnvironment, arnFor } from './aws-environment';
import { ConfigRecorderSetup } from './config-recorder';
import { ConfigRuleFrequency } from './config-rule-settings';
import { GuardFunction } from './guard-function';

export interface GuardConfigRuleProps {
  readonly environment: AwsEnvironment;
  /** Config rule name (at most 128 characters). */
  readonly ruleName: string;
  readonly description: string;
  /** The function that evaluates; Config invokes it asynchronously. */
  readonly function: GuardFunction;
  /** Resource types whose configuration changes trigger an evaluation. */
  readonly resourceTypes: readonly string[];
  /** The rule parameters as JSON text, passed to every invocation as `ruleParameters`. */
  readonly inputParameters: string;
  readonly periodicFrequency: ConfigRuleFrequency | string;
  /** The stack's recorder when the guard creates one; the rule must come after it. */
  readonly recorder?: ConfigRecorderSetup;
}

/**
 * A custom Lambda rule of AWS Config, evaluated on configuration changes of its resource types
 * (including oversized items) and periodically, with the permission that lets Config invoke the
 * function.
 *
 * The permission names the account (`source_account`) and the account's Config rules in this
 * region (`source_arn` `config-rule/*`): a rule's ARN ends in an id that Config assigns on
 * creation, and Config refuses to create a rule whose function it cannot invoke yet, so the exact
 * ARN cannot be known in time (the same reason the AWS CDK's `CustomRule` leaves it out).
 */
export class GuardConfigRule extends Construct {
  readonly rule: ConfigConfigRule;

  constructor(scope: Construct, id: string, props: GuardConfigRuleProps) {
    super(scope, id);
    const permission = props.function.allowInvocation('config-rules', 'config.amazonaws.com', arnFor(props.environment, 'config', 'config-rule/*'));
    props.recorder?.record(props.resourceTypes);
    const changeSources = ['ConfigurationItemChangeNotification', 'OversizedConfigurationItemChangeNotification'].map((messageType) => ({
      eventSource: 'aws.config',
      messageType,
    }));
    this.rule = new ConfigConfigRule(this, 'rule', {
      name: props.ruleName,
      description: props.description.slice(0, 256),
      inputParameters: props.inputParameters,
      scope: { complianceResourceTypes: [...props.resourceTypes] },
      source: {
        owner: 'CUSTOM_LAMBDA',
        sourceIdentifier: props.function.function.arn,
        sourceDetail: [
          ...changeSources,
          { eventSource: 'aws.config', messageType: 'ScheduledNotification', maximumExecutionFrequency: props.periodicFrequency },
        ],
      },
      // Config checks that it may invoke the function, and that a recorder exists, when it creates the rule.
      dependsOn: [permission, ...(props.recorder ? [props.recorder.status] : [])],
    });
  }
}
