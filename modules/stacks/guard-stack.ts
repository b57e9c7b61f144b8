import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { IndependentStack } from './independent-stack';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment } from '../common/aws-environment';
import { DeployerIdentity } from '../common/deployer-identity';
import { GuardsKey } from '../common/guards-key';
import { TamperAlert } from '../common/tamper-alert';
import { HandlerAssets, HandlerCodeSource } from '../common/handler-assets';
import { GuardsConfig } from '../config/guards-config';
import { addAwsProvider } from './aws-provider';
import { chatbotProvider } from './chatbot-provider';
import { addBackend } from './backend';
import { AppliedGap } from './emulator-gaps';
import { localEmulatorTerraform } from './local-emulator-stack';
import { GuardWiring } from './guard-registry';
import { StackPlan } from './org-plan';
import { stackSuppressions } from '../common/stack-suppressions';
import { SuppressionDigest } from '../common/suppression-digest';

/**
 * All guards of one account in one region. Its AWS provider can only ever act on that account
 * (`allowed_account_ids`), assumes the account's role when one is configured, and tags everything.
 * Its functions take their code from the stack's own assets or from the region's artifact bucket.
 */
export class GuardStack extends IndependentStack {
  readonly plan: StackPlan;
  /** What `localEndpoint` left out of this stack (empty when the option is unset). */
  readonly localEmulatorReport: { leftOut: AppliedGap[] } = { leftOut: [] };
  private readonly localEndpoint: string | undefined;

  constructor(scope: Construct, config: GuardsConfig, plan: StackPlan, handlerCodeSource: HandlerCodeSource = { kind: 'inline' }) {
    super(scope, plan.name);
    this.plan = plan;
    this.localEndpoint = config.localEndpoint;
    const { account, region } = plan;
    const environment: AwsEnvironment = { accountId: account.id, region };
    const namePrefix = config.name;

    addAwsProvider(this, config, account, region);
    addBackend(this, config, plan);
    HandlerAssets.configure(this, handlerCodeSource);
    DeployerIdentity.configure(this, account.roleArn);

    const key = new GuardsKey(this, 'guards-key', { environment, namePrefix });
    const chat = config.alerts.chat ? { settings: config.alerts.chat, provider: chatbotProvider(this, config, account, region) } : undefined;
    const suppressions = stackSuppressions(config.suppressions, environment);
    const alertTopic = new AlertTopic(this, 'alert-topic', {
      environment,
      namePrefix,
      key,
      emails: config.alerts.emails,
      ...(chat ? { chat } : {}),
      suppressions,
      securityHubFindings: config.alerts.securityHub?.enabled ?? false,
    });
    new TerraformOutput(this, 'alert-topic-arn', {
      description: 'SNS topic that carries every alert and report of the guards in this account and region',
      value: alertTopic.arn,
    });

    const wiring: GuardWiring = { environment, namePrefix, key, alertTopic };
    for (const guard of plan.guards) {
      guard.definition.createConstruct(this, wiring, guard.settings);
    }
    if (plan.guards.length > 0) new TamperAlert(this, 'tamper-alert', { environment, namePrefix, key, alertTopic });
    if (plan.guards.length > 0 && suppressions.length > 0) new SuppressionDigest(this, 'suppression-digest', { environment, namePrefix, key, alertTopic });
  }

  /** With `localEndpoint` set, the Terraform for the local emulator (see local-emulator-stack.ts). */
  override toTerraform(): ReturnType<TerraformStack['toTerraform']> {
    return localEmulatorTerraform(super.toTerraform(), this.localEndpoint, this.localEmulatorReport);
  }

  get guardNames(): string[] {
    return this.plan.guards.map((guard) => guard.definition.name);
  }
}
