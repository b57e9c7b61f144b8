import { Construct } from 'constructs';
import { Lazy, TerraformIterator, TerraformProvider, Token } from 'cdktf';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { AwsEnvironment, arnFor } from './aws-environment';
import { GuardsKey } from './guards-key';
import { resourcePolicyJson } from './iam-policy';
import { ChatChannels } from './chat-channels';
import { ChatSettings, hasPriorityChannel } from './chat-settings';
import type { Suppression } from '../../handlers/common/suppression';
import type { AlertRouting } from './alert-routing';

export interface AlertTopicProps {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  /**
   * Addresses that receive every alert. Each must confirm the subscription e-mail AWS sends, with
   * AWS credentials and `--authenticate-on-unsubscribe true` rather than by its link (README,
   * "Deploy"): a link-confirmed subscription is cancelled by anyone holding one alert e-mail.
   * Terraform cannot confirm an e-mail endpoint; `confirmation_was_authenticated` shows how it was.
   * @default []
   */
  readonly emails?: readonly string[];
  /**
   * Slack and Teams channels (AWS Chatbot) that receive the alerts; a channel with `priority` gets
   * only the priority alerts, through the priority topic this then creates. @default none
   */
  readonly chat?: {
    readonly settings: ChatSettings;
    /** The provider of a region where the Chatbot API runs (modules/common/chatbot-regions.ts); @default the stack's */
    readonly provider?: TerraformProvider;
  };
  /**
   * The config's suppressions that apply in this stack (modules/common/stack-suppressions.ts): each
   * function that alerts through this topic gets those of its guard. @default none
   */
  readonly suppressions?: readonly Suppression[];
  /** Set on the priority topic an alert topic makes: the alert topic's prefix. @default not a priority topic */
  readonly priorityOf?: string;
  /** alerts.securityHub.enabled: the functions that report findings also import them (modules/common/security-hub-findings.ts). @default false */
  readonly securityHubFindings?: boolean;
}

/** The alert topic's name: `<prefix>-alerts`. */
export function alertTopicName(namePrefix: string): string {
  return `${namePrefix}-alerts`;
}

/** The priority topic's name (a chat channel with `priority: true`): `<prefix>-priority-alerts`. */
export function priorityTopicName(namePrefix: string): string {
  return alertTopicName(`${namePrefix}-priority`);
}

/** A service that publishes to the topic, limited to the exact resources that may do so. */
interface Publisher {
  readonly servicePrincipal: 'cloudwatch.amazonaws.com' | 'events.amazonaws.com';
  readonly sourceArns: string[];
}

/**
 * The SNS topic every guard of a stack alerts through: encrypted with the stack's KMS key; its
 * policy lets only the alarms and rules that guards register publish (by `aws:SourceArn` and
 * `aws:SourceAccount`), and refuses requests that are not over TLS. Guard functions publish with
 * their own role, which the account's IAM policies govern.
 */
export class AlertTopic extends Construct {
  readonly topic: SnsTopic;
  readonly arn: string;
  readonly name: string;
  /** The topic of the priority alerts (quarantine, tamper, critical), where a priority chat channel exists. */
  readonly priorityTopic?: AlertTopic;
  /** The suppressions of this stack, for the functions that alert through the topic. */
  readonly suppressions: readonly Suppression[];
  readonly securityHubFindings: boolean;
  private readonly environment: AwsEnvironment;
  private readonly key: GuardsKey;
  private readonly publishers = new Map<Publisher['servicePrincipal'], Publisher>();

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.environment = props.environment;
    this.key = props.key;
    this.suppressions = props.suppressions ?? [];
    this.securityHubFindings = props.securityHubFindings ?? false;
    this.name = props.priorityOf ? priorityTopicName(props.priorityOf) : alertTopicName(props.namePrefix);
    this.topic = new SnsTopic(this, 'topic', {
      name: this.name,
      displayName: 'Security guards',
      kmsMasterKeyId: props.key.arn,
    });
    this.arn = this.topic.arn;

    new SnsTopicPolicy(this, 'policy', {
      arn: this.topic.arn,
      // Lazy: guards register their alarms and rules after the topic exists.
      policy: Lazy.stringValue({ produce: () => this.policyJson() }),
    });

    const emails = props.emails ?? [];
    if (Token.isUnresolved(emails)) {
      // A list only Terraform knows (an exported module's variable): one subscription per element.
      const email = TerraformIterator.fromList(emails as string[]);
      new SnsTopicSubscription(this, 'email', { forEach: email, topicArn: this.topic.arn, protocol: 'email', endpoint: email.value });
    } else {
      emails.forEach((address, index) => {
        new SnsTopicSubscription(this, `email-${index}`, { topicArn: this.topic.arn, protocol: 'email', endpoint: address });
      });
    }

    const chat = props.chat?.settings;
    if (chat && (chat.slack.length > 0 || chat.teams.length > 0)) {
      // A second topic, not a filter policy: Chatbot makes its own subscriptions, which take none.
      if (hasPriorityChannel(chat)) {
        this.priorityTopic = new AlertTopic(this, 'priority', {
          environment: props.environment,
          namePrefix: props.namePrefix,
          priorityOf: props.namePrefix,
          key: props.key,
        });
      }
      new ChatChannels(this, 'chat', {
        environment: props.environment,
        namePrefix: props.namePrefix,
        chat,
        ...(props.chat?.provider ? { provider: props.chat.provider } : {}),
        alertTopicArn: this.topic.arn,
        ...(this.priorityTopic ? { priorityTopicArn: this.priorityTopic.arn } : {}),
      });
    }
  }

  /** What the stack's alerting functions get from this topic: its priority topic, suppressions and Security Hub switch. */
  get routing(): AlertRouting {
    return {
      alertTopicArn: this.arn,
      ...(this.priorityTopic ? { priorityTopicArn: this.priorityTopic.arn } : {}),
      suppressions: this.suppressions,
      securityHubFindings: this.securityHubFindings,
    };
  }

  /** Lets the CloudWatch alarm with this exact name publish. */
  allowAlarm(alarmName: string): void {
    this.addPublisher('cloudwatch.amazonaws.com', arnFor(this.environment, 'cloudwatch', `alarm:${alarmName}`));
  }

  /**
   * Lets the EventBridge rule with this exact name (default bus) publish, in the topic policy and in
   * the key policy: a rule whose target is the encrypted topic is refused without the key grant.
   */
  allowEventRule(ruleName: string): void {
    this.addPublisher('events.amazonaws.com', arnFor(this.environment, 'events', `rule/${ruleName}`));
    this.key.allowEventBridgeToEncryptTopic(arnFor(this.environment, 'sns', this.name));
  }

  private addPublisher(servicePrincipal: Publisher['servicePrincipal'], sourceArn: string): void {
    const publisher = this.publishers.get(servicePrincipal) ?? { servicePrincipal, sourceArns: [] };
    publisher.sourceArns.push(sourceArn);
    this.publishers.set(servicePrincipal, publisher);
  }

  private policyJson(): string {
    const topicArn = arnFor(this.environment, 'sns', this.name);
    const publishStatements = [...this.publishers.values()].map((publisher) => ({
      sid: publisher.servicePrincipal === 'cloudwatch.amazonaws.com' ? 'GuardAlarmsPublish' : 'GuardRulesPublish',
      principal: { Service: publisher.servicePrincipal },
      actions: ['sns:Publish'],
      resources: [topicArn],
      conditions: {
        ArnEquals: { 'aws:SourceArn': [...publisher.sourceArns].sort() },
        StringEquals: { 'aws:SourceAccount': this.environment.accountId },
      },
    }));
    return resourcePolicyJson([
      ...publishStatements,
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        principal: '*',
        actions: ['sns:Publish'],
        resources: [topicArn],
        conditions: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
  }
}
