import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue';
import { SqsQueuePolicy } from '@cdktf/provider-aws/lib/sqs-queue-policy';
import { AlertTopic } from './alert-topic';
import { AwsEnvironment, accountGlobalName, arnFor } from './aws-environment';
import { GuardsKey } from './guards-key';
import { HandlerAssets } from './handler-assets';
import { PolicyStatement, denyInsecureTransport, identityPolicyJson, resourcePolicyJson } from './iam-policy';
import type { AlertRouting } from './alert-routing';
import { priorityAlerts } from './priority-alerts';
import { functionSuppressions } from './stack-suppressions';
import { securityHubFindings } from './security-hub-findings';

/**
 * The IAM role name of a guard function: functions are regional but roles are global to the
 * account, so the name carries the region (see accountGlobalName).
 */
export function guardRoleName(environment: AwsEnvironment, functionName: string): string {
  return accountGlobalName(environment, functionName);
}

/** Sid prefix of the statements every guard function gets for itself (logs, failure queue, key). */
export const platformSidPrefix = 'Platform';

export interface GuardFunctionProps {
  readonly environment: AwsEnvironment;
  /** Lambda function name; also names the role (with the region), log group, failure queue and alarms. */
  readonly functionName: string;
  /** Folder under `handlers/` whose built zip this function runs. */
  readonly handlerName: string;
  readonly description: string;
  readonly key: GuardsKey;
  /**
   * Receives the function's error and failure-queue alarms. Absent (a hub region without a topic):
   * the alarms have no action, and their state changes reach the home region's topic through EventBridge.
   */
  readonly alertTopic?: AlertTopic;
  /**
   * Where its alerts go besides the alert topic and what they are checked against (priority topic,
   * suppressions, Security Hub). @default the alertTopic's (a standalone stack's); a hub function is given the organization's
   */
  readonly alerting?: AlertRouting;
  /** The role's name. @default the function name */
  readonly roleName?: string;
  /** Exactly the API actions the handler calls, scoped as tightly as each action allows. */
  readonly statements: readonly PolicyStatement[];
  /** @default {} */
  readonly variables?: Readonly<Record<string, string>>;
  /** @default 60 */
  readonly timeoutSeconds?: number;
  /** @default 256 */
  readonly memorySizeMb?: number;
  /** Concurrent executions reserved for the function. @default none (the account's unreserved pool) */
  readonly reservedConcurrency?: number;
  /** @default 365 */
  readonly logRetentionDays?: number;
  /** Retries of a failed asynchronous invocation before it goes to the failure queue. @default 2 */
  readonly maximumRetryAttempts?: number;
  /** @default 21600 (6 hours, the Lambda maximum) */
  readonly maximumEventAgeSeconds?: number;
}

/**
 * A guard's Lambda function with everything a production function needs: its own least-privilege
 * role, a KMS-encrypted log group with retention, retries then an encrypted SQS failure queue for
 * asynchronous invocations that still fail, and alarms on errors and on messages in that queue.
 */
export class GuardFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly failureQueue: SqsQueue;
  readonly logGroup: CloudwatchLogGroup;
  /** Literal ARN, known at synth, for policies that must name this function. */
  readonly functionArn: string;
  /** Names of the function's own alarms (errors, failed events). */
  readonly alarmNames: string[] = [];
  private readonly environment: AwsEnvironment;
  private readonly functionName: string;

  constructor(scope: Construct, id: string, props: GuardFunctionProps) {
    super(scope, id);
    const { environment, functionName } = props;
    this.environment = environment;
    this.functionName = functionName;
    this.functionArn = arnFor(environment, 'lambda', `function:${functionName}`);
    const code = HandlerAssets.of(this).codeFor(props.handlerName);

    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: `/aws/lambda/${functionName}`,
      retentionInDays: props.logRetentionDays ?? 365,
      kmsKeyId: props.key.arn,
    });

    const queueName = `${functionName}-failures`;
    const queueArn = arnFor(environment, 'sqs', queueName);
    this.failureQueue = new SqsQueue(this, 'failure-queue', {
      name: queueName,
      kmsMasterKeyId: props.key.arn,
      kmsDataKeyReusePeriodSeconds: 3600,
      // The longest SQS allows: failed events wait two weeks for someone to look at them.
      messageRetentionSeconds: 1209600,
    });
    new SqsQueuePolicy(this, 'failure-queue-policy', {
      queueUrl: this.failureQueue.url,
      policy: resourcePolicyJson([denyInsecureTransport(['sqs:*'], [queueArn])]),
    });

    this.role = new IamRole(this, 'role', {
      name: props.roleName ?? guardRoleName(environment, functionName),
      description: `Runs ${functionName}: ${props.description}`.slice(0, 1000),
      assumeRolePolicy: resourcePolicyJson([
        {
          sid: 'LambdaAssumesRoleForThisAccount',
          principal: { Service: 'lambda.amazonaws.com' },
          actions: ['sts:AssumeRole'],
          resources: [],
          conditions: { StringEquals: { 'aws:SourceAccount': environment.accountId } },
        },
      ]),
    });

    const logGroupArn = arnFor(environment, 'logs', `log-group:/aws/lambda/${functionName}`);
    const platformStatements: PolicyStatement[] = [
      {
        sid: `${platformSidPrefix}WritesOwnLogs`,
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [`${logGroupArn}:*`],
      },
      {
        sid: `${platformSidPrefix}SendsFailedEventsToOwnQueue`,
        actions: ['sqs:SendMessage'],
        resources: [queueArn],
      },
      {
        sid: `${platformSidPrefix}UsesGuardsKey`,
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [props.key.arn],
      },
    ];
    const routing = props.alerting ?? props.alertTopic?.routing;
    const priority = priorityAlerts({ routing, statements: props.statements });
    const findings = securityHubFindings({ environment, routing, handlerName: props.handlerName });
    const rolePolicy = new IamRolePolicy(this, 'role-policy', {
      name: props.roleName ?? functionName,
      role: this.role.id,
      policy: identityPolicyJson([...platformStatements, ...props.statements, ...priority.statements, ...findings.statements]),
    });

    this.function = new LambdaFunction(this, 'function', {
      functionName,
      description: props.description.slice(0, 256),
      role: this.role.arn,
      runtime: 'nodejs22.x',
      architectures: ['arm64'],
      handler: 'index.handler',
      ...code,
      timeout: props.timeoutSeconds ?? 60,
      memorySize: props.memorySizeMb ?? 256,
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      environment: {
        variables: {
          ...(props.variables ?? {}),
          ...priority.variables,
          ...functionSuppressions({ routing, statements: props.statements, variables: props.variables }),
          ...findings.variables,
        },
      },
      loggingConfig: { logFormat: 'JSON', logGroup: this.logGroup.name },
      // The log group and the permissions must exist before the first invocation.
      dependsOn: [this.logGroup, rolePolicy],
    });

    new LambdaFunctionEventInvokeConfig(this, 'async-config', {
      functionName: this.function.functionName,
      maximumRetryAttempts: props.maximumRetryAttempts ?? 2,
      maximumEventAgeInSeconds: props.maximumEventAgeSeconds ?? 21600,
      destinationConfig: { onFailure: { destination: this.failureQueue.arn } },
    });

    const alarmOnAny = (
      id: string,
      alarmName: string,
      alarmDescription: string,
      metric: { namespace: string; metricName: string; dimensions: Record<string, string>; statistic: string },
    ) => {
      new CloudwatchMetricAlarm(this, id, {
        alarmName,
        alarmDescription,
        ...metric,
        period: 300,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: 'GreaterThanOrEqualToThreshold',
        treatMissingData: 'notBreaching',
        ...(props.alertTopic ? { alarmActions: [props.alertTopic.arn] } : {}),
      });
      props.alertTopic?.allowAlarm(alarmName);
      this.alarmNames.push(alarmName);
    };
    alarmOnAny('errors-alarm', `${functionName}-errors`, `${functionName} failed. Its logs: /aws/lambda/${functionName}`, {
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: functionName },
      statistic: 'Sum',
    });
    alarmOnAny('failure-queue-alarm', `${functionName}-failed-events`, `Events that ${functionName} could not handle wait in SQS queue ${queueName}.`, {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: queueName },
      statistic: 'Maximum',
    });
  }

  /**
   * Lets one AWS service invoke the function on behalf of one source only (`source_arn`), in this
   * account only (`source_account`), so that no other account's resource can trigger it.
   */
  allowInvocation(id: string, servicePrincipal: string, sourceArn: string): LambdaPermission {
    return new LambdaPermission(this, `invoke-${id}`, {
      statementId: `Allow-${id}`,
      action: 'lambda:InvokeFunction',
      functionName: this.function.functionName,
      principal: servicePrincipal,
      sourceArn,
      sourceAccount: this.environment.accountId,
    });
  }

  get name(): string {
    return this.functionName;
  }
}
