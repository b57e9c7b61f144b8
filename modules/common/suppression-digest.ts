import { Construct } from 'constructs';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { writeEnvironment } from '../../handlers/common/contract';
import { suppressionDigestEnvironment, suppressionDigestName, suppressionDigestSchedule } from '../../handlers/suppression-digest/contract';
import { AlertTopic } from './alert-topic';
import { AwsEnvironment } from './aws-environment';
import { GuardFunction } from './guard-function';
import { GuardsKey } from './guards-key';
import { suppressionVariables } from './stack-suppressions';
import type { Suppression } from '../../handlers/common/suppression';

export interface SuppressionDigestProps {
  readonly environment: AwsEnvironment;
  readonly namePrefix: string;
  readonly key: GuardsKey;
  /** The topic the digest is published to. */
  readonly alertTopic: AlertTopic;
  /** The suppressions it lists. @default the topic's (a standalone stack's) */
  readonly suppressions?: readonly Suppression[];
  /** Where the counts are kept: hub mode, every hub region. @default the function's own region */
  readonly metricRegions?: readonly string[];
}

/**
 * The weekly digest of the stack's suppressions: a function on a schedule that reads the week's
 * suppressed-alert counts and publishes one message. Its role: the one read (GetMetricData, which
 * has no resource-level permission: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoncloudwatch.html)
 * and the publish to the alert topic.
 */
export class SuppressionDigest extends Construct {
  readonly function: GuardFunction;

  constructor(scope: Construct, id: string, props: SuppressionDigestProps) {
    super(scope, id);
    const { alertTopic } = props;
    const suppressions = props.suppressions ?? alertTopic.suppressions;
    const functionName = `${props.namePrefix}-${suppressionDigestName}`;
    // The same size check as an alerting function's, over every suppression of the stack.
    suppressionVariables(suppressions, suppressionDigestName);
    this.function = new GuardFunction(this, 'function', {
      environment: props.environment,
      functionName,
      handlerName: suppressionDigestName,
      description: 'Weekly digest of the suppressed alerts: what each suppression held back, its owner and expiry',
      key: props.key,
      alertTopic,
      statements: [
        { sid: 'ReadsSuppressedAlertCounts', actions: ['cloudwatch:GetMetricData'], resources: ['*'] },
        { sid: 'PublishesDigestToAlertTopic', actions: ['sns:Publish'], resources: [alertTopic.arn] },
      ],
      variables: writeEnvironment(suppressionDigestEnvironment, {
        alertTopicArn: alertTopic.arn,
        serviceName: suppressionDigestName,
        suppressions,
        ...(props.metricRegions ? { metricRegions: props.metricRegions } : {}),
      }),
    });
    const rule = new CloudwatchEventRule(this, 'schedule', {
      name: functionName,
      description: 'Weekly suppression digest',
      scheduleExpression: suppressionDigestSchedule,
    });
    new CloudwatchEventTarget(this, 'target', { rule: rule.name, targetId: suppressionDigestName, arn: this.function.function.arn });
    this.function.allowInvocation('schedule', 'events.amazonaws.com', rule.arn);
  }
}
