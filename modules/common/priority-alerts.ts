import { priorityAlertTopicArnVariable, writeEnvironment } from '../../handlers/common/contract';
import type { AlertTopic } from './alert-topic';
import type { PolicyStatement } from './iam-policy';

/**
 * A function that publishes alerts also publishes the priority ones to the priority topic, where
 * the stack has one (a chat channel with `priority: true`): the variable that names it and the one
 * grant. Only a function whose role already publishes to the alert topic gets them, so that a
 * function that never alerts (a Config rule) gains no publish right.
 */
export function priorityAlerts(props: { readonly alertTopic?: AlertTopic; readonly statements: readonly PolicyStatement[] }): {
  statements: PolicyStatement[];
  variables: Record<string, string>;
} {
  const { alertTopic } = props;
  const priorityTopic = alertTopic?.priorityTopic;
  const publishes = props.statements.some((statement) => statement.actions.includes('sns:Publish') && statement.resources.includes(alertTopic?.arn ?? ''));
  if (!alertTopic || !priorityTopic || !publishes) return { statements: [], variables: {} };
  return {
    statements: [{ sid: 'PublishesPriorityAlerts', actions: ['sns:Publish'], resources: [priorityTopic.arn] }],
    variables: writeEnvironment({ priorityTopicArn: priorityAlertTopicArnVariable }, { priorityTopicArn: priorityTopic.arn }),
  };
}
