import { Construct } from 'constructs';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { GuardsConfig } from '../config/guards-config';
import { addBackend } from './backend';
import { GuardWiring } from './guard-registry';
import { StackPlan } from './org-plan';

/** Tag on every resource the guards create, so that anyone can tell what manages it. */
export const managedByTag = { ManagedBy: 'aws-security-guards' };

/**
 * All guards of one account in one region. Its AWS provider can only ever act on that account
 * (`allowed_account_ids`), assumes the account's role when one is configured, and tags everything.
 */
export class GuardStack extends TerraformStack {
  readonly plan: StackPlan;

  constructor(scope: Construct, config: GuardsConfig, plan: StackPlan) {
    super(scope, plan.name);
    this.plan = plan;
    const { account, region } = plan;
    const environment: AwsEnvironment = { accountId: account.id, region };
    const namePrefix = config.name;

    new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: [account.id],
      ...(account.roleArn ? { assumeRole: [{ roleArn: account.roleArn, sessionName: `${namePrefix}-terraform` }] } : {}),
      defaultTags: [{ tags: { ...config.defaultTags, ...(account.tags ?? {}), ...managedByTag } }],
    });
    addBackend(this, config, plan);

    const key = new GuardsKey(this, 'guards-key', { environment, namePrefix });
    const alertTopic = new AlertTopic(this, 'alert-topic', { environment, namePrefix, key, emails: config.alerts.emails });
    new TerraformOutput(this, 'alert-topic-arn', {
      description: 'SNS topic that carries every alert and report of the guards in this account and region',
      value: alertTopic.arn,
    });

    const wiring: GuardWiring = { environment, namePrefix, key, alertTopic };
    for (const guard of plan.guards) {
      guard.definition.create(this, wiring, guard.settings);
    }
  }

  get guardNames(): string[] {
    return this.plan.guards.map((guard) => guard.definition.name);
  }
}
