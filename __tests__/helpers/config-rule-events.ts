import { projectFixture, sharedEvent } from './fixtures';

/** One of this repository's own edge-case fixtures, e.g. `configRuleFixture('exposed-ports-rule', 'sg-deleted')`. */
export function configRuleFixture<T = Record<string, unknown>>(guard: string, name: string): T {
  return projectFixture<T>(`${guard}/${name}.json`);
}

/** A real AWS Config event (or configuration item) of ../shared/fixtures/events. */
export function configEvent(fileName: string): Record<string, unknown> {
  return sharedEvent<Record<string, unknown>>(fileName);
}

export interface ConfigRuleEventOptions {
  /** Replaces the event's own `ruleParameters` (the public samples carry other rules' parameters). */
  readonly ruleParameters?: Record<string, unknown>;
  readonly resultToken?: string;
  readonly eventLeftScope?: boolean;
}

/** A Config rule invocation with its invoking event and parameters replaced as asked. */
export function withRuleParameters(event: Record<string, unknown>, options: ConfigRuleEventOptions): Record<string, unknown> {
  return {
    ...event,
    ...(options.ruleParameters ? { ruleParameters: JSON.stringify(options.ruleParameters) } : {}),
    ...(options.resultToken ? { resultToken: options.resultToken } : {}),
    ...(options.eventLeftScope !== undefined ? { eventLeftScope: options.eventLeftScope } : {}),
  };
}

/**
 * A change notification carrying `configurationItem`, shaped like the ones AWS Config sends
 * (see ../shared/fixtures/events/awsConfigRuleConfigurationChanged.json).
 */
export function changeNotification(configurationItem: Record<string, unknown>, options: ConfigRuleEventOptions = {}): Record<string, unknown> {
  return withRuleParameters(
    {
      version: '1.0',
      invokingEvent: JSON.stringify({
        configurationItem,
        notificationCreationTime: '2024-03-01T12:00:01.000Z',
        messageType: 'ConfigurationItemChangeNotification',
        recordVersion: '1.3',
      }),
      ruleParameters: '{}',
      resultToken: 'test-result-token',
      eventLeftScope: false,
      executionRoleArn: 'arn:aws:iam::111122223333:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig',
      configRuleArn: 'arn:aws:config:eu-west-1:111122223333:config-rule/config-rule-abc123',
      configRuleName: 'test-rule',
      configRuleId: 'config-rule-abc123',
      accountId: '111122223333',
      evaluationMode: 'DETECTIVE',
    },
    options,
  );
}
