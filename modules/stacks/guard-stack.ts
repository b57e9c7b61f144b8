import { Construct } from 'constructs';
import { LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { AlertTopic } from '../common/alert-topic';
import { AwsEnvironment } from '../common/aws-environment';
import { GuardsKey } from '../common/guards-key';
import { GuardsConfig, GuardsConfigAccount } from '../config/guards-config';
import { InstanceQuarantine, instanceQuarantineGuardName } from '../instance-quarantine';

/** Tag on every resource the guards create, so that anyone can tell what manages it. */
export const managedByTag = { ManagedBy: 'aws-security-guards' };

export interface GuardStackProps {
  readonly config: GuardsConfig;
  readonly account: GuardsConfigAccount;
  readonly region: string;
}

/** `<account name>-<region>`: the name of the stack, its folder in cdktf.out and its state. */
export function guardStackName(account: GuardsConfigAccount, region: string): string {
  return `${account.name}-${region}`;
}

/**
 * All guards of one account in one region. Its AWS provider can only ever act on that account
 * (`allowed_account_ids`), assumes the account's role when one is configured, and tags everything.
 */
export class GuardStack extends TerraformStack {
  /** The guards this stack holds, by guard name. */
  readonly guardNames: string[] = [];

  constructor(scope: Construct, props: GuardStackProps) {
    const name = guardStackName(props.account, props.region);
    super(scope, name);
    const { config, account, region } = props;
    const environment: AwsEnvironment = { accountId: account.id, region };
    const namePrefix = config.name;

    new AwsProvider(this, 'aws', {
      region,
      allowedAccountIds: [account.id],
      ...(account.roleArn ? { assumeRole: [{ roleArn: account.roleArn, sessionName: `${namePrefix}-terraform` }] } : {}),
      defaultTags: [{ tags: { ...config.defaultTags, ...managedByTag } }],
    });
    // A relative path: the state lives beside the stack's Terraform, never at a machine path.
    new LocalBackend(this, { path: config.backend.path ?? 'terraform.tfstate' });

    const key = new GuardsKey(this, 'guards-key', { environment, namePrefix });
    const alertTopic = new AlertTopic(this, 'alert-topic', {
      environment,
      namePrefix,
      key,
      emails: config.alerts.emails,
    });
    new TerraformOutput(this, 'alert-topic-arn', {
      description: 'SNS topic that carries every alert and report of the guards in this account and region',
      value: alertTopic.arn,
    });

    const quarantine = config.guards.instanceQuarantine;
    if (quarantine && quarantine.enabled !== false) {
      new InstanceQuarantine(this, instanceQuarantineGuardName, { ...quarantine, environment, namePrefix, key, alertTopic });
      this.guardNames.push(instanceQuarantineGuardName);
    }
  }
}
